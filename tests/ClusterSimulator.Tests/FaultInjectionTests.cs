using System.Net;

namespace Dm.ClusterSimulator.Tests;

/// <summary>Fault injection and the request log.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task An_outage_answers_every_request_with_503_until_lifted()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);

        simulator.Faults.Outage = true;
        var (down, status) = await client.GetAsync("/api/v1/namespaces");
        simulator.Faults.Outage = false;
        var (up, _) = await client.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Equal("ServiceUnavailable", (string?)status["reason"]);
        Assert.Equal(HttpStatusCode.OK, up);
    }

    [Fact]
    public async Task A_forbidden_namespace_answers_403_with_the_rbac_message_until_allowed()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await Fixtures.CreateNamespaceAsync(client, "locked");
        simulator.Faults.Forbid("locked");

        var (applyCode, applied) = await client.ApplyAsync("/apis/apps/v1/namespaces/locked/deployments/web", Fixtures.DeploymentYaml("web"), "t");
        var (listCode, listed) = await client.GetAsync("/api/v1/namespaces/locked/configmaps");
        var (namespaceCode, _) = await client.GetAsync("/api/v1/namespaces/locked");
        var (otherCode, _) = await client.GetAsync("/api/v1/namespaces/default/configmaps");
        simulator.Faults.Allow("locked");
        var (allowedCode, _) = await client.ApplyAsync("/apis/apps/v1/namespaces/locked/deployments/web", Fixtures.DeploymentYaml("web"), "t");

        Assert.Equal(HttpStatusCode.Forbidden, applyCode);
        Assert.Equal("Forbidden", (string?)applied["reason"]);
        Assert.Equal("deployments \"web\" is forbidden: User \"system:anonymous\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"locked\"", (string?)applied["message"]);
        Assert.Equal(HttpStatusCode.Forbidden, listCode);
        Assert.Equal("configmaps is forbidden: User \"system:anonymous\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"locked\"", (string?)listed["message"]);
        Assert.Equal(HttpStatusCode.OK, namespaceCode);
        Assert.Equal(HttpStatusCode.OK, otherCode);
        Assert.Equal(HttpStatusCode.Created, allowedCode);
    }

    [Fact]
    public async Task A_429_rule_carries_retry_after_and_only_matches_its_verb_and_path()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        simulator.Faults.Add(new FaultRule("PATCH", "/apis/apps/v1/*", 1.0, 429, RetryAfterSeconds: 3));

        using var response = await client.Http.PatchAsync(
            "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=t",
            new StringContent(Fixtures.DeploymentYaml("web"), System.Text.Encoding.UTF8, "application/apply-patch+yaml"));
        var (getCode, _) = await client.GetAsync("/apis/apps/v1/namespaces/default/deployments");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Contains("\"reason\":\"TooManyRequests\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, getCode);
    }

    [Fact]
    public async Task Error_rates_are_repeatable_for_the_same_seed()
    {
        async Task<string> RunAsync()
        {
            await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false, FaultSeed = 7 });
            using var client = new ApiClient(simulator);
            simulator.Faults.Add(new FaultRule(null, "/api/v1/*", 0.3, 500));
            var codes = new List<int>();
            for (var i = 0; i < 40; i++)
            {
                codes.Add((int)(await client.GetAsync("/api/v1/namespaces")).Code);
            }

            return string.Join(',', codes);
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains("500", first, StringComparison.Ordinal);
        Assert.Contains("200", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latency_delays_answers()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        simulator.Faults.Latency = TimeSpan.FromMilliseconds(300);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await client.GetAsync("/version");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task The_request_log_shows_that_no_write_happened()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await client.ApplyAsync("/api/v1/namespaces/default/configmaps/a", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n", "deployer", dryRun: true);
        await client.GetAsync("/api/v1/namespaces/default/configmaps");

        var log = simulator.RequestLog.Snapshot();

        Assert.DoesNotContain(log, e => e.IsWrite && !e.IsDryRun);
        var apply = Assert.Single(log, e => e.Method == "PATCH");
        Assert.Equal("/api/v1/namespaces/default/configmaps/a", apply.Path);
        Assert.Equal("deployer", apply.FieldManager);
        Assert.Equal(201, apply.StatusCode);
        Assert.Contains(log, e => e is { Method: "GET", StatusCode: 200, Query: "" });
    }
}
