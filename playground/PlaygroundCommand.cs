using System.CommandLine;
using System.Globalization;
using System.Text;
using Dm.Git;

namespace Dm.Playground;

/// <summary>
/// <c>dotnet run --project playground [--dir .playground] [--port 5080] [--demo] [--demo-interval 20] [--fixture f.yaml]</c>:
/// starts the whole system, prints where everything is, and runs until Ctrl-C.
/// </summary>
public static class PlaygroundCommand
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Folder of the resource repo, the mirrors and the kubeconfig (reused on restart).", DefaultValueFactory = _ => new DirectoryInfo(".playground") };
        var port = new Option<int>("--port") { Description = "Port of the aggregator: the UI and the API.", DefaultValueFactory = _ => 5080 };
        var demo = new Option<bool>("--demo") { Description = "Run a fake CI that posts a new version of a random service every --demo-interval seconds." };
        var demoInterval = new Option<int>("--demo-interval") { Description = "Seconds between the fake CI's versions.", DefaultValueFactory = _ => 20 };
        var fixture = new Option<FileInfo?>("--fixture") { Description = "GitFixture YAML to seed a new resource repo from (default: playground/demo.yaml)." };
        var ui = new Option<DirectoryInfo?>("--ui") { Description = "Folder of the built UI (default: ui/dist of this checkout)." };
        var root = new RootCommand("DM playground: the deployer, transitioner and aggregator with two simulated clusters, in one process.")
        {
            dir, port, demo, demoInterval, fixture, ui,
        };
        root.SetAction(async (result, cancellationToken) =>
        {
            var fixtureFile = result.GetValue(fixture)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "demo.yaml");
            if (!File.Exists(fixtureFile))
            {
                await error.WriteLineAsync($"The fixture file '{fixtureFile}' does not exist.");
                return 2;
            }

            if (result.GetValue(demoInterval) < 1)
            {
                await error.WriteLineAsync("--demo-interval must be at least 1 second.");
                return 2;
            }

            var yaml = await File.ReadAllTextAsync(fixtureFile, cancellationToken);
            var uiFolder = result.GetValue(ui)?.FullName ?? FindUiFolder();
            var options = new PlaygroundOptions
            {
                Directory = result.GetValue(dir)!.FullName,
                Port = result.GetValue(port),
                FixtureYaml = yaml,
                NotificationOutput = output,
                UiFolder = uiFolder,
            };
            PlaygroundSystem system;
            try
            {
                system = await PlaygroundSystem.StartAsync(options, cancellationToken);
            }
            catch (PortInUseException e)
            {
                await error.WriteLineAsync(e.Message);
                return 3;
            }

            try
            {
                var uiServed = uiFolder is not null && File.Exists(Path.Combine(uiFolder, "index.html"));
                await output.WriteAsync(Banner(system, uiServed ? null : uiFolder ?? "ui/dist", DemoCi.ResourcesOf(yaml)));
                await output.FlushAsync(cancellationToken);
                if (result.GetValue(demo))
                {
                    using var http = new HttpClient { BaseAddress = system.AggregatorAddress };
                    var ci = new DemoCi(http, DemoCi.ResourcesOf(yaml), TimeSpan.FromSeconds(result.GetValue(demoInterval)), TimeProvider.System, output);
                    await ci.RunAsync(cancellationToken);
                }
                else
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: stop below.
            }
            finally
            {
                await output.WriteLineAsync("Stopping the playground...");
                await system.DisposeAsync();
            }

            return 0;
        });
        return root;
    }

    /// <summary>What the playground prints once everything runs.</summary>
    public static string Banner(PlaygroundSystem system, string? missingUiFolder, IReadOnlyList<string> resources)
    {
        var ui = system.AggregatorAddress.ToString().TrimEnd('/');
        var resource = resources.Contains("web") ? "web" : (resources.Count > 0 ? resources[0] : "web");
        var text = new StringBuilder();
        var line = (string s) => text.Append(s).Append('\n');
        line("");
        line("DM playground is running (Ctrl-C stops it).");
        line("");
        line(missingUiFolder is null
            ? $"  UI and API      {ui}/"
            : $"  API             {ui}/   (no UI: {missingUiFolder} has no index.html; run 'npm ci && npm run build' in ui/)");
        line("  Auth            none: anyone on this machine may write (playground only)");
        line($"  Deployer        {system.DeployerAddress}api/status");
        line($"  Transitioner    {system.TransitionerAddress}api/status");
        line($"  Cluster dev/pp  {system.MainCluster.BaseAddress}  (context {PlaygroundSystem.MainContext})");
        line($"  Cluster prod    {system.ProdCluster.BaseAddress}  (context {PlaygroundSystem.ProdContext})");
        line($"  Resource repo   {system.RepoPath}{(system.Seeded ? "  (new, seeded)" : "  (resumed)")}");
        line($"  Kubeconfig      {system.KubeconfigPath}");
        line($"  Notifications   {system.Receiver.Address}  (the playground's receiver; each event is also printed here)");
        line("");
        line("Watch the clusters:");
        line($"  kubectl --kubeconfig {system.KubeconfigPath} get deploy -A");
        line($"  kubectl --kubeconfig {system.KubeconfigPath} --context {PlaygroundSystem.ProdContext} get deploy -A");
        line("");
        line("Post a new version as CI would:");
        var version = "1.9." + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)[^4..];
        line($"  curl -X POST {ui}/api/versions -H 'Content-Type: application/json' -d '{{\"resource\":\"{resource}\",\"version\":\"{version}\",\"changelog\":\"Faster pages\"}}'");
        line("");
        return text.ToString();
    }

    private static string? FindUiFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ui", "package.json")))
                {
                    return Path.Combine(dir.FullName, "ui", "dist");
                }
            }
        }

        return null;
    }
}
