using System.Text.Json;
using Dm.ClusterSimulator;
using Dm.Deployer.Cli;
using Dm.Deployer.Tests.Scenarios;
using Dm.Git;
using Dm.GitFixture;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.Deployer.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public async Task Check_prints_every_error_with_file_and_reason_and_exits_1()
    {
        using var dir = new TempDirectory();
        var files = Repos.Standard();
        files["dev/base/web.yaml"] = Repos.DeploymentBase("web").Replace("${image}", "${missing}", StringComparison.Ordinal);
        files["dev/version/orphan.yaml"] = "version: \"3\"\n";
        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("init", "init", null, files)]), dir.Sub("repo.git"), CancellationToken.None);
        var config = WriteConfig(dir, repo.GitDirectory, dir.Sub("kubeconfig"));

        var (code, output, _) = await RunAsync("check", "--config", config);

        Assert.Equal(1, code);
        Golden.Assert("check.txt", output);
    }

    [Fact]
    public async Task Check_of_a_valid_repo_exits_0()
    {
        using var dir = new TempDirectory();
        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("init", "init", null, Repos.Standard())]), dir.Sub("repo.git"), CancellationToken.None);

        var (code, output, _) = await RunAsync("check", "--config", WriteConfig(dir, repo.GitDirectory, dir.Sub("kubeconfig")));

        Assert.Equal(0, code);
        Assert.EndsWith("3 resources (0 broken), 0 errors at " + repo.CommitId("init") + "\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_once_then_diff_shows_a_unified_diff_per_changed_object_and_hides_secret_values()
    {
        using var dir = new TempDirectory();
        await using var sim = await Simulator.StartAsync(new SimulatorOptions { RolloutSpeed = 50 }, CancellationToken.None);
        var kubeconfig = dir.Sub("kubeconfig");
        sim.WriteKubeconfig(kubeconfig, "sim");
        var files = Repos.Standard();
        files["dev/deployable/token.yaml"] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  user: admin\n  password: s3cret-one\n";
        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("init", "init", null, files)]), dir.Sub("repo.git"), CancellationToken.None);
        var config = WriteConfig(dir, repo.GitDirectory, kubeconfig);

        // 1. deploy --once applies everything and prints the state.
        var (code, output, error) = await RunAsync("deploy", "--once", "--config", config);
        Assert.True(code == 0, output + error);
        Assert.StartsWith("dev: Progressing (RolloutInProgress)", output, StringComparison.Ordinal);

        // 2. Nothing changed: diff prints nothing and exits 0.
        (code, output, _) = await RunAsync("diff", "--config", config);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);

        // 3. A new version and a new password: a unified diff for web, changed keys only for the Secret; exit 2.
        await using (var writer = await GitRepository.OpenAsync(new GitRepositoryOptions(repo.GitDirectory, dir.Sub("writer.git")), CancellationToken.None))
        {
            await writer.CommitAsync(
                new CommitRequest("web 1.1", new GitIdentity("Test", "test@localhost")),
                [
                    new FileChange.Put("dev/version/web.yaml", Repos.Version("web", "1.1")),
                    new FileChange.Put("dev/deployable/token.yaml", files["dev/deployable/token.yaml"].Replace("s3cret-one", "s3cret-two", StringComparison.Ordinal)),
                ],
                CancellationToken.None);
        }

        (code, output, _) = await RunAsync("diff", "--config", config);
        Assert.Equal(2, code);
        Assert.DoesNotContain("s3cret", output, StringComparison.Ordinal);
        Golden.Assert("diff.txt", output);
    }

    [Fact]
    public async Task Bad_configuration_fails_with_every_problem_named()
    {
        using var dir = new TempDirectory();
        var config = dir.Sub("bad.json");
        await File.WriteAllTextAsync(config, """{ "Deployer": { "ApplyConcurrency": 0, "PollInterval": "-00:00:01" } }""");

        var (code, _, error) = await RunAsync("check", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("configuration: Deployer:RepoUrl is required", error, StringComparison.Ordinal);
        Assert.Contains("Deployer:CheckoutPath is required", error, StringComparison.Ordinal);
        Assert.Contains("Deployer:ApplyConcurrency must be between 1 and 256 (is 0)", error, StringComparison.Ordinal);
        Assert.Contains("Deployer:PollInterval must be positive", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yaml_config_file_is_read()
    {
        using var dir = new TempDirectory();
        var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("init", "init", null, Repos.Standard())]), dir.Sub("repo.git"), CancellationToken.None);
        var config = dir.Sub("deployer.yaml");
        await File.WriteAllTextAsync(config, $"Deployer:\n  RepoUrl: {repo.GitDirectory}\n  CheckoutPath: {dir.Sub("checkout.git")}\n  PollInterval: \"00:00:05\"\n");

        var options = DeployerCli.Load(config);

        Assert.Equal(repo.GitDirectory, options.RepoUrl);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PollInterval);
        Assert.Equal("dm-deployer", options.FieldManager);
    }

    private static string WriteConfig(TempDirectory dir, string repo, string kubeconfig)
    {
        var path = dir.Sub("deployer.json");
        var json = JsonSerializer.Serialize(new { Deployer = new { RepoUrl = repo, CheckoutPath = dir.Sub("checkout-" + Guid.NewGuid().ToString("N")[..6] + ".git"), Kubeconfig = kubeconfig } });
        File.WriteAllText(path, json);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await DeployerCli.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
