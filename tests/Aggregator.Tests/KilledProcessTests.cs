using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dm.GitFixture;
using Dm.TestSupport;

namespace Dm.Aggregator.Tests;

/// <summary>
/// The aggregator as a separate OS process (the built <c>Dm.Aggregator.dll</c>, configured by its config file and
/// environment variables), killed with SIGKILL while CI clients post 50 versions, then started again.
/// </summary>
public sealed class KilledProcessTests
{
    private const int Posts = 50;

    [Fact]
    public async Task Every_post_answered_before_a_SIGKILL_is_in_git_exactly_once_and_reposting_after_the_restart_adds_each_missing_one_once()
    {
        using var dir = new TempDirectory();
        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("init", "Initial repo", null, TestRepo.Files(Posts))]), dir.Sub("repo.git"), CancellationToken.None);
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var names = Enumerable.Range(0, Posts).Select(i => string.Create(CultureInfo.InvariantCulture, $"svc-{i:D3}")).ToList();

        // 1. The process is killed once 20 posts were answered.
        var process = Start(dir, repo.GitDirectory, port);
        var answered = new Dictionary<string, HttpStatusCode>();
        try
        {
            await Eventually.HoldsAsync(async () => await ReadyAsync(http), "the aggregator is ready", TimeSpan.FromSeconds(30));
            // Eight CI clients post the 50 versions one after another, so posts are always in flight when the kill lands.
            var killed = new TaskCompletionSource();
            var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(names);
            var posts = Enumerable.Range(0, 8).Select(async _ =>
            {
                while (!killed.Task.IsCompleted && queue.TryDequeue(out var name))
                {
                    try
                    {
                        var response = await http.PostAsJsonAsync("api/versions", new { resource = name, version = "2" });
                        lock (answered)
                        {
                            answered[name] = response.StatusCode;
                            if (answered.Count == 20)
                            {
                                process.Kill();
                                killed.TrySetResult();
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // cut off by the kill: not accepted
                    }
                }
            }).ToList();
            await Task.WhenAll(posts);
            await killed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync();
        }
        finally
        {
            Stop(process);
        }

        var accepted = answered.Where(a => a.Value == HttpStatusCode.Created).Select(a => a.Key).ToList();
        var inGit = names.Count(n => NewVersionCommits(repo.GitDirectory, n) == 1);
        Console.WriteLine($"SIGKILL after {answered.Count} answers: {accepted.Count} accepted, {inGit} versions in git, {Posts - answered.Count} not answered (cut off or never sent)");
        Assert.True(accepted.Count >= 20, $"{accepted.Count} posts were accepted before the kill");
        Assert.All(answered.Values, code => Assert.Equal(HttpStatusCode.Created, code));
        AssertEachVersionCommittedAtMostOnce(repo.GitDirectory, names);
        Assert.All(accepted, name => Assert.Equal(1, NewVersionCommits(repo.GitDirectory, name)));

        // 2. Restarted on the same mirror (the kill may have left git lock files there); CI reposts everything.
        process = Start(dir, repo.GitDirectory, port);
        try
        {
            await Eventually.HoldsAsync(async () => await ReadyAsync(http), "the restarted aggregator is ready", TimeSpan.FromSeconds(30));
            foreach (var name in names)
            {
                // In git already (answered, or committed while its answer was cut off): 200 and no commit; else 201.
                var expected = NewVersionCommits(repo.GitDirectory, name) == 1 ? HttpStatusCode.OK : HttpStatusCode.Created;
                var response = await http.PostAsJsonAsync("api/versions", new { resource = name, version = "2" });
                Assert.Equal(expected, response.StatusCode);
            }
        }
        finally
        {
            Stop(process);
        }

        // 3. Plain git: every version once, linear history, fsck clean.
        Assert.All(names, name => Assert.Equal(1, NewVersionCommits(repo.GitDirectory, name)));
        Assert.Empty(PlainGit.Run(repo.GitDirectory, "rev-list", "--merges", "main").Trim());
        PlainGit.Run(repo.GitDirectory, "fsck", "--strict");
    }

    private static void AssertEachVersionCommittedAtMostOnce(string gitDirectory, IEnumerable<string> names) =>
        Assert.All(names, name => Assert.InRange(NewVersionCommits(gitDirectory, name), 0, 1));

    /// <summary>Commits on main that changed latest's version file of <paramref name="resource"/> (plain git).</summary>
    private static int NewVersionCommits(string gitDirectory, string resource) =>
        PlainGit.Run(gitDirectory, "log", "--format=%H", "main", "--", $"latest/version/{resource}.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("readyz")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(TempDirectory dir, string repo, int port)
    {
        System.IO.File.WriteAllText(dir.Sub("aggregator.json"), $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "aggregator": { "repoUrl": "{{repo}}", "checkoutPath": "{{dir.Sub("mirror.git")}}", "pollInterval": "00:00:01" }
            }
            """);
        return DaemonProcess.Start(
            "Dm.Aggregator",
            dir.Path,
            ["--config", dir.Sub("aggregator.json"), "--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["DM_AGGREGATOR__auth"] = "none" });
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}
