using Dm.Git;
using Dm.Playground;

namespace Dm.System.Tests;

/// <summary>The whole system stopped and started again on the same directory.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_on_the_same_directory_resumes_the_repo_and_redeploys_it()
    {
        using var temp = new TempDirectory();
        var options = new PlaygroundOptions
        {
            Directory = temp.Sub("playground"),
            Port = 0,
            FixtureYaml = SystemFixtures.Chain,
            PollInterval = TimeSpan.FromMilliseconds(500),
            HealthCheckInterval = TimeSpan.FromMilliseconds(100),
            LogLevel = null,
        };
        string head;
        await using (var first = await PlaygroundSystem.StartAsync(options, CancellationToken.None))
        {
            Assert.True(first.Seeded);
            using var http = new HttpClient();
            using var response = await http.PostAsync(
                new Uri(first.AggregatorAddress, "api/versions"),
                new StringContent("""{"resource":"s1","version":"43","changelog":"Before the restart"}""", global::System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            head = PlainGit.Run(first.RepoPath, "rev-parse", "main").Trim();
        }

        await using var second = await PlaygroundSystem.StartAsync(options, CancellationToken.None);

        Assert.False(second.Seeded);
        Assert.Equal(0, PlainGit.TryRun(second.RepoPath, "merge-base", "--is-ancestor", head, "main").ExitCode);
        Assert.Equal("version: \"43\"", PlainGit.Run(second.RepoPath, "show", "main:latest/version/s1.yaml").Trim());
        await Eventually.HoldsAsync(
            async () => PlainGit.Run(second.RepoPath, "show", "main:dev/version/s1.yaml").Contains("43", StringComparison.Ordinal)
                && await LiveImageAsync(second, "dev", "s1") == "example/s1:43",
            "the fresh dev cluster runs s1 43 after the restart",
            RunningSystem.Timeout);
    }

    [Fact]
    public async Task A_restart_after_a_kill_removes_the_lock_files_git_left_in_the_repo_and_the_mirrors()
    {
        using var temp = new TempDirectory();
        var options = new PlaygroundOptions
        {
            Directory = temp.Sub("playground"),
            Port = 0,
            FixtureYaml = SystemFixtures.Chain,
            PollInterval = TimeSpan.FromMilliseconds(500),
            HealthCheckInterval = TimeSpan.FromMilliseconds(100),
            LogLevel = null,
        };
        string[] locks;
        await using (var first = await PlaygroundSystem.StartAsync(options, CancellationToken.None))
        {
            // What git processes killed with the playground leave: a ref being pushed, a mirror's HEAD being set.
            locks =
            [
                Path.Combine(first.RepoPath, "refs", "heads", "main.lock"),
                Path.Combine(first.MirrorPath(PlaygroundDaemon.Aggregator), "HEAD.lock"),
                Path.Combine(first.MirrorPath(PlaygroundDaemon.Transitioner), "HEAD.lock"),
            ];
        }

        foreach (var file in locks)
        {
            await File.WriteAllTextAsync(file, string.Empty);
        }

        await using var second = await PlaygroundSystem.StartAsync(options, CancellationToken.None);
        using var http = new HttpClient();
        using var response = await http.PostAsync(
            new Uri(second.AggregatorAddress, "api/versions"),
            new StringContent("""{"resource":"s1","version":"44","changelog":"After a kill"}""", global::System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.All(locks, file => Assert.False(File.Exists(file), $"{file} is still there"));
        await Eventually.HoldsAsync(async () => await LiveImageAsync(second, "dev", "s1") == "example/s1:44", "dev runs s1 44", RunningSystem.Timeout);
    }

    private static async Task<string?> LiveImageAsync(PlaygroundSystem system, string ns, string name)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(system.MainCluster.BaseAddress, $"apis/apps/v1/namespaces/{ns}/deployments/{name}"));
        return response.IsSuccessStatusCode
            ? global::System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>()
            : null;
    }
}
