using System.Diagnostics;
using System.Text.RegularExpressions;
using Dm.Git;

namespace Dm.System.Tests;

/// <summary>
/// Scenario 5 with a real kill: the playground process (all daemons and clusters in it) is killed with SIGKILL while
/// versions are between environments, then started again on the same directory. The repo is the only state that
/// survives (the simulated clusters start empty), and the flow completes without a lost, duplicated or skipped version.
/// </summary>
public sealed partial class KilledPlaygroundTests
{
    [Fact]
    public async Task A_playground_killed_mid_flow_resumes_on_its_directory_and_the_flow_completes()
    {
        var temp = new TempDirectory();
        List<string> answered;
        try
        {
            var fixture = temp.Write("chain.yaml", SystemFixtures.Chain);
            var repo = Path.Combine(temp.Sub("playground"), "repo.git");
            using var process = StartPlayground(temp.Sub("playground"), fixture);
            try
            {
                var aggregator = await ReadBannerAsync(process);
                using var http = new HttpClient();
                answered = [await PostAsync(http, aggregator, "s1", "2.0"), await PostAsync(http, aggregator, "s2", "2.0")];
                await Eventually.HoldsAsync(() => FlowHistory.VersionAt(repo, "main", "dev", "s1") == "2.0", "dev has s1 2.0", RunningSystem.Timeout);
                answered.Add(await PostAsync(http, aggregator, "s1", "3.0"));
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch
        {
            temp.Dispose();
            throw;
        }

        await using var dm = await RunningSystem.StartAsync(temp: temp);
        Assert.False(dm.System.Seeded);
        answered.Add((await dm.PostVersionAsync("s1", "4.0", "After the kill"))["commit"]!.GetValue<string>());

        await dm.ExplainedAsync(async () =>
        {
            await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s1", FlowHistory.Image("s1", "4.0"));
            await dm.WaitForImageAsync(dm.System.ProdCluster, "prod", "s2", FlowHistory.Image("s2", "2.0"));
            await MidFlowRestart.WaitUntilDeployedAsync(dm, "every environment is Clean at main's head");
        });
        FlowHistory.AssertPostedOnce(dm.RepoPath, "latest", "s1", ["2.0", "3.0", "4.0"], answered);
        FlowHistory.AssertPostedOnce(dm.RepoPath, "latest", "s2", ["2.0"], answered);
        foreach (var (resource, final) in new[] { ("s1", "4.0"), ("s2", "2.0") })
        {
            // The clusters died with the process, so which versions dev and pp ran before the kill is not known here.
            FlowHistory.AssertPromotedInOrder(dm.RepoPath, "latest", "dev", resource, final);
            FlowHistory.AssertPromotedInOrder(dm.RepoPath, "dev", "pp", resource, final);
            FlowHistory.AssertPromotedInOrder(dm.RepoPath, "pp", "prod", resource, final);
        }
    }

    private static Process StartPlayground(string directory, string fixture)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Playground.dll"), "--dir", directory, "--port", "0", "--fixture", fixture })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Reads the banner up to the kubeconfig line and returns the aggregator's URL; keeps draining stdout and stderr after it.</summary>
    private static async Task<Uri> ReadBannerAsync(Process process)
    {
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunningSystem.Timeout);
        Uri? aggregator = null;
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (AggregatorLine().Match(line) is { Success: true } match)
            {
                aggregator = new Uri(match.Groups["url"].Value);
            }

            if (line.StartsWith("  Kubeconfig", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return aggregator ?? throw new InvalidOperationException($"no aggregator URL in the banner:\n{string.Join('\n', lines)}");
            }
        }

        throw new InvalidOperationException($"the playground exited without a banner:\n{string.Join('\n', lines)}\n{await error}");
    }

    private static async Task<string> PostAsync(HttpClient http, Uri aggregator, string resource, string version)
    {
        using var response = await http.PostAsync(
            new Uri(aggregator, "api/versions"),
            new StringContent($$"""{"resource":"{{resource}}","version":"{{version}}","changelog":"{{resource}} {{version}}"}""", global::System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/versions answered {(int)response.StatusCode}: {body}");
        return global::System.Text.Json.Nodes.JsonNode.Parse(body)!["commit"]!.GetValue<string>();
    }

    [GeneratedRegex(@"^  (UI and API|API)\s+(?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex AggregatorLine();
}
