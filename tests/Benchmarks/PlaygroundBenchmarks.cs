using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dm.TestSupport;

namespace Dm.Benchmarks;

/// <summary>
/// The playground as people run it, in its own process (<c>dotnet playground/bin/Release/net10.0/Playground.dll --dir
/// &lt;tmp&gt; --port &lt;free&gt;</c>, built beforehand): process start to banner (target ≤ 10 s), a posted version
/// live in dev in the simulated cluster once dev's first deployment is in (≤ 1 s), and Ctrl-C (SIGINT) to exit (≤ 5 s) leaving no process behind.
/// Medians over <see cref="Runs"/> runs, each on a fresh directory.
/// </summary>
public sealed class PlaygroundBenchmarks : IBenchmark
{
    private const int Runs = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public string Name => "playground";

    public string Description => "playground process: start to banner; posted version live in dev; Ctrl-C to exit";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var dll = FindPlayground();
        if (dll is null)
        {
            output.WriteLine("  playground/bin/Release/net10.0/Playground.dll is missing: build it first with");
            output.WriteLine("  DM_SKIP_UI_BUILD=1 dotnet build -c Release playground");
            return;
        }

        output.WriteLine($"  {dll}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var banners = new List<TimeSpan>();
        var lives = new List<TimeSpan>();
        var exits = new List<TimeSpan>();
        for (var run = 1; run <= Runs; run++)
        {
            var (banner, live, exit, children, strays) = await RunOnceAsync(dll, run, cancellationToken);
            banners.Add(banner);
            lives.Add(live);
            exits.Add(exit);
            output.WriteLine($"  run {run}: banner {Ms(banner)}, live in dev {Ms(live)}, exit {Ms(exit)}, child processes before SIGINT {children}, left after exit {strays}");
            if (strays > 0)
            {
                output.WriteLine($"  run {run}: STRAY PROCESSES after exit");
            }
        }

        Report(output, $"process start → banner, median of {Runs}", Median(banners), "≤ 10 s");
        Report(output, $"POST /api/versions → image live in dev (simulated cluster), median of {Runs}", Median(lives), "≤ 1 s");
        Report(output, $"SIGINT → process exited, median of {Runs}", Median(exits), "≤ 5 s");
        output.WriteLine($"  load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task<(TimeSpan Banner, TimeSpan Live, TimeSpan Exit, int Children, int Strays)> RunOnceAsync(string dll, int run, CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--dir", dir.Sub("playground"), "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        try
        {
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            var lines = new List<string>();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Patience);
                while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    lines.Add(line);
                    if (line.StartsWith("  Kubeconfig", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
            }

            var banner = clock.Elapsed;
            if (!lines.Any(l => l.Contains("DM playground is running", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"the playground printed no banner: {string.Join('\n', lines)}");
            }

            _ = DrainAsync(process.StandardOutput);
            var aggregator = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            var cluster = new Uri(Field(lines, "  Cluster dev/pp").Split(' ')[0]);
            using var http = new HttpClient();
            // Measured once dev's first deployment is in (the start-up sync of every environment is not this figure).
            var settle = Stopwatch.StartNew();
            while (await LiveImageAsync(http, cluster, cancellationToken) is null)
            {
                if (settle.Elapsed > Patience)
                {
                    throw new TimeoutException($"dev/web was not deployed within {Patience}");
                }

                await Task.Delay(20, cancellationToken);
            }

            var version = string.Create(CultureInfo.InvariantCulture, $"9.{run}.{Environment.TickCount64 % 100_000}");
            var image = $"ghcr.io/example/web:{version}";
            var post = Stopwatch.StartNew();
            using (var response = await http.PostAsJsonAsync(new Uri(aggregator, "api/versions"), new { resource = "web", version, changelog = "benchmark" }, cancellationToken))
            {
                response.EnsureSuccessStatusCode();
            }

            while (await LiveImageAsync(http, cluster, cancellationToken) != image)
            {
                if (post.Elapsed > Patience)
                {
                    throw new TimeoutException($"web {version} did not reach dev within {Patience}");
                }

                await Task.Delay(5, cancellationToken);
            }

            var live = post.Elapsed;
            var family = Descendants(process.Id);
            var interrupt = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync(cancellationToken);
            }

            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Patience);
                await process.WaitForExitAsync(timeout.Token);
            }

            var exit = interrupt.Elapsed;
            var strays = family.Count(p => Alive(p.Pid, p.Command));
            strays += Listening(port) ? 1 : 0;
            return (banner, live, exit, family.Count, strays);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
            // Keep the pipe empty so the playground never blocks on a full stdout.
        }
    }

    private static string Field(IReadOnlyList<string> lines, string prefix) =>
        lines.First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();

    private static async Task<string?> LiveImageAsync(HttpClient http, Uri cluster, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(cluster, "apis/apps/v1/namespaces/dev/deployments/web"), cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>()
            : null;
    }

    /// <summary>The process's descendants (pid and command line) from /proc, so they can be looked for after it exits.</summary>
    private static List<(int Pid, string Command)> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && TryRead(Path.Combine(dir, "stat")) is { } stat)
            {
                // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        var family = new List<(int, string)>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                family.Add((child, Command(child) ?? string.Empty));
                queue.Enqueue(child);
            }
        }

        return family;
    }

    private static bool Alive(int pid, string command) => Command(pid) is { } now && now == command;

    private static string? Command(int pid) => TryRead($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindPlayground()
    {
        var dll = Path.Combine(SourceTree.Root, "playground", "bin", "Release", "net10.0", "Playground.dll");
        return File.Exists(dll) ? dll : null;
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    private static string Ms(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:F0} ms");

    private static void Report(TextWriter output, string what, TimeSpan elapsed, string target) =>
        output.WriteLine($"  {what,-80} {elapsed.TotalMilliseconds,9:F1} ms   target {target}");
}
