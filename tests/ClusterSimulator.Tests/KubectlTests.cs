using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>The real kubectl binary against the simulator, unchanged.</summary>
public sealed class KubectlTests
{
    private const string Manifests = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
        data:
          greeting: hello
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        spec:
          replicas: 2
          progressDeadlineSeconds: 10
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: IMAGE
                ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector:
            app: web
          ports:
          - port: 80
            targetPort: 80
        """;

    private static async Task<(ClusterSimulator Simulator, Kubectl Kubectl)> StartAsync(string ns)
    {
        var simulator = await Fixtures.StartAsync(new SimulatorOptions { RolloutSpeed = 10, PodReadySeconds = 2 });
        var kubectl = new Kubectl(path => simulator.WriteKubeconfig(path, "playground", ns));
        var created = await kubectl.RunAsync("create", "namespace", ns, "-o", "json", "--dry-run=client");
        Assert.Equal(0, created.ExitCode);
        var applied = await kubectl.RunWithInputAsync(created.Stdout, "apply", "--server-side", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        return (simulator, kubectl);
    }

    [Fact]
    public async Task Server_side_apply_then_get_as_json()
    {
        var (simulator, kubectl) = await StartAsync("apply-test");
        await using var _ = simulator;
        using var __ = kubectl;

        var applied = await kubectl.RunWithInputAsync(Manifests.Replace("IMAGE", "nginx:1.27", StringComparison.Ordinal), "apply", "--server-side", "-f", "-");
        var got = await kubectl.RunAsync("get", "deploy,svc,cm", "-o", "json");

        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("configmap/web-config serverside-applied", applied.Stdout, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web serverside-applied", applied.Stdout, StringComparison.Ordinal);
        Assert.Contains("service/web serverside-applied", applied.Stdout, StringComparison.Ordinal);
        Assert.True(got.ExitCode == 0, got.ToString());
        var items = JsonNode.Parse(got.Stdout)!["items"]!.AsArray();
        Assert.Contains(items, i => (string?)i!["kind"] == "Deployment" && (string?)i["metadata"]!["name"] == "web");
        Assert.Contains(items, i => (string?)i!["kind"] == "Service" && (string?)i["spec"]!["clusterIP"] is not null);
        Assert.Contains(items, i => (string?)i!["kind"] == "ConfigMap" && (string?)i["data"]!["greeting"] == "hello");
        Assert.Contains(simulator.RequestLog, e => e.Method == "PATCH" && e.Query.Contains("fieldValidation=Strict", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_watch_sees_a_change()
    {
        var (simulator, kubectl) = await StartAsync("watch-test");
        await using var _ = simulator;
        using var __ = kubectl;
        await kubectl.RunWithInputAsync(Manifests.Replace("IMAGE", "nginx:1.27", StringComparison.Ordinal), "apply", "--server-side", "-f", "-");

        using var watch = kubectl.Start(["get", "configmap", "web-config", "-w", "-o", "jsonpath={.data.greeting}{\"\\n\"}"]);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal("hello", await watch.StandardOutput.ReadLineAsync(timeout.Token));
            var changed = await kubectl.RunWithInputAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  greeting: changed\n", "apply", "--server-side", "-f", "-");
            Assert.True(changed.ExitCode == 0, changed.ToString());
            Assert.Equal("changed", await watch.StandardOutput.ReadLineAsync(timeout.Token));
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Rollout_status_completes_for_a_good_image()
    {
        var (simulator, kubectl) = await StartAsync("rollout-good");
        await using var _ = simulator;
        using var __ = kubectl;
        // A deadline far above the scaled rollout time: a loaded machine must not turn a good rollout into a missed deadline.
        var manifests = Manifests.Replace("IMAGE", "nginx:1.27", StringComparison.Ordinal).Replace("progressDeadlineSeconds: 10", "progressDeadlineSeconds: 300", StringComparison.Ordinal);
        await kubectl.RunWithInputAsync(manifests, "apply", "--server-side", "-f", "-");

        var status = await kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("deployment \"web\" successfully rolled out", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_status_fails_for_a_fail_image()
    {
        var (simulator, kubectl) = await StartAsync("rollout-bad");
        await using var _ = simulator;
        using var __ = kubectl;
        await kubectl.RunWithInputAsync(Manifests.Replace("IMAGE", "nginx:fail", StringComparison.Ordinal), "apply", "--server-side", "-f", "-");

        var status = await kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("error: deployment \"web\" exceeded its progress deadline", status.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_get_reports_not_found()
    {
        var (simulator, kubectl) = await StartAsync("delete-test");
        await using var _ = simulator;
        using var __ = kubectl;
        await kubectl.RunWithInputAsync(Manifests.Replace("IMAGE", "nginx:1.27", StringComparison.Ordinal), "apply", "--server-side", "-f", "-");

        var deleted = await kubectl.RunAsync("delete", "deployment", "web");
        var got = await kubectl.RunAsync("get", "deployment", "web");

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("deployment.apps \"web\" deleted", deleted.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, got.ExitCode);
        Assert.Contains("Error from server (NotFound): deployments.apps \"web\" not found", got.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_conflict_between_two_managers_is_reported_as_against_a_real_server()
    {
        var (simulator, kubectl) = await StartAsync("conflict-test");
        await using var _ = simulator;
        using var __ = kubectl;
        await kubectl.RunWithInputAsync(Manifests.Replace("IMAGE", "nginx:1.27", StringComparison.Ordinal), "apply", "--server-side", "--field-manager=deployer", "-f", "-");
        var scale = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n";

        var conflict = await kubectl.RunWithInputAsync(scale, "apply", "--server-side", "--field-manager=autoscaler", "-f", "-");
        var forced = await kubectl.RunWithInputAsync(scale, "apply", "--server-side", "--field-manager=autoscaler", "--force-conflicts", "-f", "-");

        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"deployer\": .spec.replicas", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force-conflicts", conflict.Stderr, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        var replicas = await kubectl.RunAsync("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("5", replicas.Stdout);
    }

    [Fact]
    public async Task Create_subcommands_send_protobuf_which_the_simulator_decodes()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RolloutSpeed = 10 });
        using var kubectl = new Kubectl(path => simulator.WriteKubeconfig(path, "playground", "made"));

        var ns = await kubectl.RunAsync("create", "namespace", "made");
        var cm = await kubectl.RunAsync("create", "configmap", "settings", "--from-literal=color=blue");
        var deployment = await kubectl.RunAsync("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80");
        var service = await kubectl.RunAsync("create", "service", "clusterip", "web", "--tcp=80:8080");
        var rollout = await kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");
        var got = await kubectl.RunAsync("get", "configmap/settings", "deployment/web", "service/web", "-o", "json");

        Assert.True(ns.ExitCode == 0, ns.ToString());
        Assert.True(cm.ExitCode == 0, cm.ToString());
        Assert.True(deployment.ExitCode == 0, deployment.ToString());
        Assert.True(service.ExitCode == 0, service.ToString());
        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        var items = JsonNode.Parse(got.Stdout)!["items"]!.AsArray();
        Assert.Equal("blue", (string?)items[0]!["data"]!["color"]);
        Assert.Equal("nginx:1.27", (string?)items[1]!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal(80, (int?)items[1]!["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]);
        Assert.Equal(8080, (int?)items[2]!["spec"]!["ports"]![0]!["targetPort"]);
        Assert.Null(items[2]!["spec"]!["ports"]![0]!["nodePort"]);
        Assert.StartsWith("10.96.", (string?)items[2]!["spec"]!["clusterIP"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_authenticates_with_a_client_certificate_over_tls()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false, UseTls = true, Auth = SimulatorAuthMode.ClientCertificate });
        using var kubectl = new Kubectl(path => simulator.WriteKubeconfig(path, "secure"));
        using var anonymous = new Kubectl(path =>
        {
            var config = File.ReadAllText(kubectl.KubeconfigPath);
            var start = config.IndexOf("    client-certificate-data", StringComparison.Ordinal);
            var end = config.IndexOf("contexts:", StringComparison.Ordinal);
            File.WriteAllText(path, config[..start] + "    token: \"not-a-certificate\"\n" + config[end..]);
            return path;
        });

        var allowed = await kubectl.RunAsync("get", "namespaces", "-o", "name");
        var refused = await anonymous.RunAsync("get", "namespaces", "-o", "name");

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains("namespace/default", allowed.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: You must be logged in to the server", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_get_prints_the_usual_columns()
    {
        var (simulator, kubectl) = await StartAsync("columns-test");
        await using var _ = simulator;
        using var __ = kubectl;
        await kubectl.RunWithInputAsync(Manifests.Replace("IMAGE", "nginx:1.27", StringComparison.Ordinal), "apply", "--server-side", "-f", "-");
        await kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");

        var deployments = await kubectl.RunAsync("get", "deploy", "-A");
        var pods = await kubectl.RunAsync("get", "pods");

        Assert.Matches(@"NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE", deployments.Stdout);
        Assert.Matches(@"columns-test\s+web\s+2/2\s+2\s+2\s+", deployments.Stdout);
        Assert.Matches(@"web-\w+-\w+\s+1/1\s+Running\s+0", pods.Stdout);
    }

    [Fact]
    public async Task One_kubeconfig_reaches_two_simulated_clusters_by_context()
    {
        await using var dev = await Fixtures.StartAsync(new SimulatorOptions { ClusterName = "playground", RunControllers = false });
        await using var prod = await Fixtures.StartAsync(new SimulatorOptions { ClusterName = "playground-prod", RunControllers = false, UseTls = true, Auth = SimulatorAuthMode.BearerToken, BearerTokens = ["prod-token"] });
        using var kubectl = new Kubectl(path =>
        {
            KubeconfigWriter.Write(path, [new KubeconfigContext("playground", dev), new KubeconfigContext("playground-prod", prod, "default")]);
            return path;
        });
        using var devClient = new ApiClient(dev);
        await ApiClient.MustAsync(devClient.ApplyAsync("/apis/apps/v1/namespaces/default/deployments/only-in-dev", Fixtures.DeploymentYaml("only-in-dev"), "t"));

        var contexts = await kubectl.RunAsync("config", "get-contexts", "-o", "name");
        var inDev = await kubectl.RunAsync("--context", "playground", "get", "deploy", "-A", "-o", "name");
        var inProd = await kubectl.RunAsync("--context", "playground-prod", "get", "deploy", "-A", "-o", "name");

        Assert.Equal(["playground", "playground-prod"], contexts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("deployment.apps/only-in-dev", inDev.Stdout.Trim());
        Assert.True(inProd.ExitCode == 0, inProd.ToString());
        Assert.Equal(string.Empty, inProd.Stdout.Trim());
    }
}
