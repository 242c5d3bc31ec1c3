using System.Text.Json;
using Dm.ClusterSimulator;
using Dm.Deployer.Cli;
using Dm.Deployer.Tests.Scenarios;
using Dm.Git;
using Dm.GitFixture;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.Deployer.Tests.Cli;

/// <summary><c>diff</c> and <c>deploy --once</c> when something is wrong: refused objects, unknown kinds, a broken deployers.yaml, Secrets.</summary>
public sealed class DiffProblemTests
{
    private const string Widget = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: gear
        spec:
          size: 3
        """;

    private const string WidgetDefinition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names:
            kind: Widget
            plural: widgets
            singular: widget
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;

    [Fact]
    public async Task Diff_prints_the_other_objects_when_the_server_refuses_one_and_exits_1()
    {
        await using var env = await CliEnvironment.DeployedAsync(Repos.Standard());

        // 1. A new version of web and a new Deployment the server refuses (422).
        await env.CommitAsync(
            ("dev/version/web.yaml", Repos.Version("web", "1.1")),
            ("dev/deployable/broken.yaml", Repos.DeploymentBase("broken").Replace("replicas: 2", "replicas: -1", StringComparison.Ordinal)
                .Replace("${version}", "\"1\"", StringComparison.Ordinal).Replace("${image}", "nginx:1", StringComparison.Ordinal)));

        var (code, output, error) = await env.RunAsync("diff");

        // 2. web's diff is printed; the refusal is an error line on stderr; errors win over differences: exit 1.
        Assert.True(code == 1, output + error);
        Golden.Assert("diff-refused.txt", output);
        Assert.Equal("error: dev: Deployment.apps dev/broken: spec.replicas: Invalid value: -1: must be greater than or equal to 0 (422 Invalid)\n", error);
        Assert.Equal(env.WritesAtDeploy, env.Writes);
    }

    [Fact]
    public async Task Diff_of_a_custom_resource_of_an_unknown_kind_is_an_error_and_the_others_are_still_compared()
    {
        await using var env = await CliEnvironment.DeployedAsync(Repos.Standard());
        await env.CommitAsync(("dev/version/web.yaml", Repos.Version("web", "1.1")), ("dev/deployable/gear.yaml", Widget));

        var (code, output, error) = await env.RunAsync("diff");

        Assert.True(code == 1, output + error);
        Golden.Assert("diff-refused.txt", output);
        Assert.Contains("error: dev: Widget.example.com dev/gear: the cluster has no resource type for kind Widget in example.com/v1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_shows_a_custom_resource_applied_next_to_its_new_definition_as_a_difference()
    {
        await using var env = await CliEnvironment.DeployedAsync(Repos.Standard());
        await env.CommitAsync(("dev/deployable/gear.yaml", Widget), ("dev/deployable/widgets.yaml", WidgetDefinition));

        var (code, output, error) = await env.RunAsync("diff");

        // The definition is dry-run; the Widget cannot be (its kind does not exist yet) and is shown as DM would apply it.
        Assert.True(code == 2, output + error);
        Assert.Equal(string.Empty, error);
        Golden.Assert("diff-new-kind.txt", output);

        // Deploying does what the diff announced.
        (code, output, error) = await env.RunAsync("deploy", "--once");
        Assert.True(code == 0, output + error);
        (code, output, error) = await env.RunAsync("diff");
        Assert.True(code == 0, output + error);
    }

    [Fact]
    public async Task Diff_of_a_fresh_environment_shows_the_namespace_and_every_object_as_new()
    {
        await using var env = await CliEnvironment.StartAsync(Repos.Standard());

        var (code, output, error) = await env.RunAsync("diff");

        Assert.True(code == 2, output + error);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith("# Namespace dev does not exist and would be created (createNamespace)\n", output, StringComparison.Ordinal);
        foreach (var name in new[] { "ConfigMap dev/settings", "Deployment.apps dev/api", "Deployment.apps dev/web" })
        {
            Assert.Contains($"# {name}: not dry-run: its namespace dev is created first; the manifest as DM would apply it:\n--- /dev/null\n+++ merged/{name}\n", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("diff")]
    [InlineData("deploy")]
    public async Task A_deployers_yaml_that_cannot_be_read_fails_with_its_file_line_and_reason(string command)
    {
        var files = Repos.Standard();
        files["deployers.yaml"] = "deployers:\n  dev: [unclosed\n";
        await using var env = await CliEnvironment.StartAsync(files);

        var (code, output, error) = await env.RunAsync(command == "deploy" ? ["deploy", "--once"] : [command]);

        Assert.True(code == 1, output + error);
        Assert.Equal(string.Empty, output);
        Assert.Matches(@"^error: deployers\.yaml:3:1: .+ \[InvalidYaml\]\n$", error);
        Assert.DoesNotContain(env.Simulator.RequestLog, e => e.IsWrite);
    }

    [Theory]
    [InlineData("diff")]
    [InlineData("deploy")]
    public async Task A_repo_whose_deployers_yaml_names_no_environment_says_so(string command)
    {
        var files = Repos.Standard();
        files.Remove("deployers.yaml");
        await using var env = await CliEnvironment.StartAsync(files);

        var (code, output, error) = await env.RunAsync(command == "deploy" ? ["deploy", "--once"] : [command]);

        Assert.True(code == 0, output + error);
        Assert.Equal(string.Empty, output);
        Assert.Matches(@"^note: deployers\.yaml names no environment at [0-9a-f]{40}: nothing to do\n$", error);
    }

    [Fact]
    public async Task Diff_names_a_deployers_yaml_entry_without_its_environment_folder_as_an_error_and_compares_the_others()
    {
        var files = Repos.Standard();
        files["deployers.yaml"] = Repos.Deployers() + "\n" + Repos.Deployers(environment: "qa", ns: "qa")["deployers:\n".Length..];
        await using var env = await CliEnvironment.StartAsync(files);

        var (code, output, error) = await env.RunAsync("diff");

        Assert.True(code == 1, output + error);
        Assert.Contains("+++ merged/Deployment.apps dev/web\n", output, StringComparison.Ordinal);
        Assert.Matches(@"^error: qa: deployers\.yaml:\d+:\d+: deployers\.qa: the repo has no folder qa/ .*\n$", error);
    }

    [Fact]
    public async Task Diff_shows_a_Secret_label_change_without_any_value()
    {
        const string TokenSecret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  user: admin\n  password: s3cret-one\n";
        var files = Repos.Standard();
        files["dev/deployable/token.yaml"] = TokenSecret;
        await using var env = await CliEnvironment.DeployedAsync(files);
        await env.CommitAsync(("dev/deployable/token.yaml", TokenSecret.Replace("  name: token\n", "  name: token\n  labels:\n    tier: backend\n", StringComparison.Ordinal)));

        var (code, output, error) = await env.RunAsync("diff");

        Assert.True(code == 2, output + error);
        Assert.DoesNotContain("s3cret", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", output + error, StringComparison.Ordinal);
        Assert.Contains("+    tier: backend\n", output, StringComparison.Ordinal);
        Golden.Assert("diff-secret-label.txt", output);
    }

    [Fact]
    public async Task Diff_shows_what_DM_would_take_back_from_a_drifted_object_without_a_Secret_value()
    {
        var files = Repos.Standard();
        files["dev/deployable/token.yaml"] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  password: s3cret-one\n";
        await using var env = await CliEnvironment.DeployedAsync(files);

        // 1. Someone scales web by hand and edits the Secret; the repo does not change.
        await DeployerScenario.PatchAsync(env.Simulator, "/apis/apps/v1/namespaces/dev/deployments/web", """{"spec":{"replicas":5}}""");
        await DeployerScenario.PatchAsync(env.Simulator, "/api/v1/namespaces/dev/secrets/token", """{"stringData":{"password":"hacked"}}""");

        var (code, output, error) = await env.RunAsync("diff");

        // 2. Both are differences: the deployer would apply them again.
        Assert.True(code == 2, output + error);
        Assert.Contains("# Deployment.apps dev/web: drifted (spec.replicas is 5, DM applied 2); DM would apply it again:\n--- live/Deployment.apps dev/web\n", output, StringComparison.Ordinal);
        Assert.Contains("-  replicas: 5\n+  replicas: 2\n", output, StringComparison.Ordinal);
        Assert.Contains("# Secret dev/token: drifted (a field DM applied was changed); DM would apply it again:\n# Secret dev/token: Secret data changed (values hidden): password\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hacked", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", output + error, StringComparison.Ordinal);
        Assert.Equal(env.WritesAtDeploy + 2, env.Writes); // the two edits; the diff wrote nothing
    }

    [Fact]
    public async Task Diff_reports_a_server_error_on_one_object_and_compares_the_others()
    {
        await using var env = await CliEnvironment.DeployedAsync(Repos.Standard(), attempts: 1);
        await env.CommitAsync(("dev/version/web.yaml", Repos.Version("web", "1.1")), ("dev/version/api.yaml", Repos.Version("api", "2.1")));

        // An admission webhook fails for api only (500).
        env.Simulator.Faults.Add(new FaultRule("PATCH", "/apis/apps/v1/namespaces/dev/deployments/api", 1.0, 500));
        var (code, output, error) = await env.RunAsync("diff");

        Assert.True(code == 1, output + error);
        Golden.Assert("diff-refused.txt", output);
        Assert.StartsWith("error: dev: Deployment.apps dev/api: ", error, StringComparison.Ordinal);
        Assert.EndsWith("(500 InternalError)\n", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Diff_stops_comparing_an_environment_whose_cluster_becomes_unavailable_and_says_how_much_was_left()
    {
        await using var env = await CliEnvironment.DeployedAsync(Repos.Standard(), attempts: 1);
        await env.CommitAsync(
            ("dev/version/web.yaml", Repos.Version("web", "1.1")),
            ("dev/version/api.yaml", Repos.Version("api", "2.1")),
            ("dev/deployable/settings.yaml", Repos.ConfigMap("settings", "bye")));
        env.Simulator.Faults.Add(new FaultRule("PATCH", "*", 1.0, 503));
        var mark = env.Simulator.RequestLog.Count;

        var (code, output, error) = await env.RunAsync("diff");

        Assert.True(code == 1, output + error);
        Assert.Equal(string.Empty, output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: dev: ConfigMap dev/settings: ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("(503 ServiceUnavailable)", lines[0], StringComparison.Ordinal);
        Assert.Equal("error: dev: the cluster is unavailable: 2 more object(s) to apply were not compared", lines[1]);
        Assert.Single(env.Simulator.RequestLog.Skip(mark), e => e.Method == "PATCH");
    }

    [Fact]
    public async Task Diff_shows_a_changed_job_as_replaced_not_as_an_error()
    {
        static string Job(string image) =>
            $"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: m\n        image: {image}\n";
        var files = Repos.Standard();
        files["dev/deployable/migrate.yaml"] = Job("migrate:1");
        await using var env = await CliEnvironment.DeployedAsync(files);
        await env.CommitAsync(("dev/deployable/migrate.yaml", Job("migrate:2")));

        var (code, output, error) = await env.RunAsync("diff");

        // The server refuses the dry run (the template is immutable); the deployer would replace the Job: a difference.
        Assert.True(code == 2, output + error);
        Assert.Contains("# Job.batch dev/migrate: its pod template is immutable: DM deletes the finished Job it created and creates it again", output, StringComparison.Ordinal);
        Assert.Contains("image: migrate:2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("image: migrate:1", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    /// <summary>A simulator, a fixture repo and a deployer config pointing at both.</summary>
    private sealed class CliEnvironment : IAsyncDisposable
    {
        private readonly TempDirectory _dir;
        private readonly FixtureRepository _repo;
        private readonly string _config;

        private CliEnvironment(TempDirectory dir, Simulator simulator, FixtureRepository repo, string config)
        {
            _dir = dir;
            Simulator = simulator;
            _repo = repo;
            _config = config;
        }

        public Simulator Simulator { get; }

        public int WritesAtDeploy { get; private set; }

        /// <summary>Writes that reached the cluster (dry runs excluded).</summary>
        public int Writes => Simulator.RequestLog.Count(e => e.IsWrite && !e.IsDryRun);

        public static async Task<CliEnvironment> StartAsync(Dictionary<string, string> files, int attempts = 4)
        {
            var dir = new TempDirectory();
            var sim = await Simulator.StartAsync(new SimulatorOptions { RolloutSpeed = 50 }, CancellationToken.None);
            var kubeconfig = dir.Sub("kubeconfig");
            sim.WriteKubeconfig(kubeconfig, "sim");
            var repo = await FixtureRepository.CreateAsync(new FixtureTemplate([new FixtureCommit("init", "init", null, files)]), dir.Sub("repo.git"), CancellationToken.None);
            var config = dir.Sub("deployer.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new { Deployer = new { RepoUrl = repo.GitDirectory, CheckoutPath = dir.Sub("checkout.git"), Kubeconfig = kubeconfig, ClusterRequestAttempts = attempts } }));
            return new CliEnvironment(dir, sim, repo, config);
        }

        /// <summary>Started, then <c>deploy --once</c> (which must succeed).</summary>
        public static async Task<CliEnvironment> DeployedAsync(Dictionary<string, string> files, int attempts = 4)
        {
            var env = await StartAsync(files, attempts);
            var (code, output, error) = await env.RunAsync("deploy", "--once");
            Assert.True(code == 0, output + error);
            env.WritesAtDeploy = env.Writes;
            return env;
        }

        public async Task CommitAsync(params (string Path, string Content)[] files)
        {
            await using var writer = await GitRepository.OpenAsync(new GitRepositoryOptions(_repo.GitDirectory, _dir.Sub("writer.git")), CancellationToken.None);
            await writer.CommitAsync(
                new CommitRequest("change", new GitIdentity("Test", "test@localhost")),
                [.. files.Select(f => (FileChange)new FileChange.Put(f.Path, f.Content))],
                CancellationToken.None);
        }

        public async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
        {
            using var output = new StringWriter { NewLine = "\n" };
            using var error = new StringWriter { NewLine = "\n" };
            var code = await DeployerCli.RunAsync([.. args, "--config", _config], output, error, CancellationToken.None);
            return (code, output.ToString(), error.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            await Simulator.DisposeAsync();
            _dir.Dispose();
        }
    }
}
