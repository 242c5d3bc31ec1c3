using System.Net;
using System.Net.Http.Json;
using Dm.Aggregator.Api;
using Dm.Aggregator.State;
using Dm.Domain;
using Dm.Status;
using Dm.TestSupport;
using Dm.TestSupport.Metrics;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator.Tests;

public sealed class DaemonStatusTests
{
    [Fact]
    public async Task State_joins_the_deployer_and_transitioner_reports_and_survives_them_going_down()
    {
        await using var deployer = await DaemonStub.StartAsync();
        await using var transitioner = await DaemonStub.StartAsync();
        var now = DateTimeOffset.UtcNow;
        deployer.Status = new DeployerStatusReport(
            new Dictionary<string, EnvironmentDeployStatus>
            {
                ["dev"] = new("abc", "abc", EnvironmentState.Failed, Reasons.ApplyFailed, "web: apply failed",
                    new Dictionary<string, ResourceDeployStatus> { ["web"] = new("1", ResourceState.Failed, Reasons.ProgressDeadlineExceeded, "web: rollout stuck", now) },
                    now),
            },
            now);
        transitioner.Status = new TransitionerStatusReport(
            new Dictionary<string, TransitionStatus>
            {
                ["dev-to-prod"] = new("dev", "prod", new TransitionRun(now, TransitionResult.Blocked, Reasons.AwaitingApproval, "needs approval", null), [new PendingMove("web", "1", "2")], null),
            },
            "abc",
            now);
        await using var app = await AggregatorApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["aggregator:deployerUrl"] = deployer.Address.ToString(),
            ["aggregator:transitionerUrl"] = transitioner.Address.ToString(),
            ["aggregator:notifyUrls:0"] = deployer.Address.ToString(),
            ["aggregator:statusInterval"] = "00:00:00.100",
        });
        var client = app.Client();

        // 1. Deploy state and transition report are in the state; environments follow the transition chain.
        var state = (await client.GetFromJsonAsync<StateResponse>("/api/state", DmJson.Options))!;
        Assert.Equal(["latest", "dev", "prod"], state.Environments.Select(e => e.Name));
        Assert.True(state.Deployer.Available);
        var dev = state.Environments.Single(e => e.Name == "dev");
        Assert.Equal(EnvironmentState.Failed, dev.State);
        Assert.Equal(Reasons.ApplyFailed, dev.Reason);
        var web = state.Resources.Single(r => r.Name == "web").Environments["dev"];
        Assert.Equal(ResourceState.Failed, web.State);
        Assert.Equal("web: rollout stuck", web.Message);
        var transition = state.Transitions.Single(t => t.Name == "dev-to-prod");
        Assert.True(transition.Manual);
        Assert.Equal(TransitionResult.Blocked, transition.LastRun!.Result);
        Assert.Equal("2", transition.Pending!.Single().To);

        // 2. Approving without versions approves what the transitioner reports pending; the deployer is told to refresh.
        var approval = await client.PostAsJsonAsync("/api/approvals", new { transition = "dev-to-prod", reason = "go" });
        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        Assert.Contains("versions:\n      web: \"2\"", app.Show("transition_state.yaml"), StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => !deployer.Refreshes.IsEmpty, "the deployer got a refresh notification");

        // 3. The deployer goes down: the state still answers, marks the deploy part unavailable and says why.
        deployer.StatusCode = 500;
        state = await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<StateResponse>("/api/state", DmJson.Options),
            s => !s!.Deployer.Available,
            "the deployer is reported unavailable");
        Assert.Contains("500", state!.Deployer.Message, StringComparison.Ordinal);
        Assert.Null(state.Environments.Single(e => e.Name == "dev").State);
        Assert.True(state.Transitioner.Available);
        var status = (await client.GetFromJsonAsync<AggregatorStatus>("/api/status", DmJson.Options))!;
        Assert.True(status.Ready);
        Assert.False(status.Deployer!.Available);
    }

    [Fact]
    public void A_config_without_tokens_and_without_auth_none_refuses_to_start()
    {
        var validator = new AggregatorOptionsValidator();

        var result = validator.Validate(null, new AggregatorOptions { RepoUrl = "/repo", CheckoutPath = "/tmp/x" });

        Assert.True(result.Failed);
        Assert.Contains("aggregator:tokens is empty: configure tokens (name, token, role) or set aggregator:auth to 'none' explicitly", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new AggregatorOptions { RepoUrl = "/repo", CheckoutPath = "/tmp/x", Auth = "none" }).Succeeded);
    }

    [Fact]
    public async Task The_host_does_not_start_without_tokens_or_auth_none()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AggregatorHost.StartAsync(
            o =>
            {
                o.RepoUrl = "/nonexistent";
                o.CheckoutPath = "/tmp/none";
            },
            0,
            CancellationToken.None));

        Assert.Contains("aggregator:auth to 'none' explicitly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_parse_and_match_the_documented_families_after_writes()
    {
        await using var app = await AggregatorApp.StartAsync();
        var client = app.Client();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/versions", new { resource = "api", version = "8" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/versions", new { resource = "api", version = "9", env = "nope" })).StatusCode);

        var metrics = await MetricsInventory.ScrapeAndCheckAsync(() => client.GetStringAsync("/metrics"), "aggregator");

        var writes = metrics["dm_aggregator_writes_total"].Samples;
        Assert.Equal((1, 1), (writes.Single(x => x.Label("outcome") == "committed").Value, writes.Single(x => x.Label("outcome") == "refused").Value));
        Assert.True(metrics["dm_aggregator_refreshes_total"].Samples.Single(x => x.Label("outcome") == "ok").Value >= 1);
        Assert.True(metrics["dm_aggregator_history_events"].Samples.Single().Value >= 1);
        // One commit carrying one request: the refused request is in neither histogram.
        Assert.Equal((1, 1), (Sample(metrics, "dm_aggregator_write_batch_size_count"), Sample(metrics, "dm_aggregator_write_batch_size_sum")));
        Assert.Equal(1, Sample(metrics, "dm_aggregator_write_seconds_count"));
    }

    private static double Sample(IReadOnlyDictionary<string, ExpositionFamily> metrics, string name) =>
        metrics[name[..name.LastIndexOf('_')]].Samples.Single(x => x.Name == name).Value;

    [Fact]
    public async Task Protected_reads_need_any_token()
    {
        await using var app = await AggregatorApp.StartAsync(tokens: true, settings: new Dictionary<string, string?> { ["aggregator:protectReads"] = "true" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync("/api/state")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(AggregatorApp.ViewerToken).GetAsync("/api/state")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/readyz")).StatusCode);
        var metrics = await MetricsInventory.ScrapeAndCheckAsync(() => app.Client().GetStringAsync("/metrics"), "aggregator");
        Assert.Empty(metrics["dm_aggregator_writes_total"].Samples); // every family is there before the first write, without series
        var openApi = await app.Client().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/versions", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ui_folder_is_served_with_spa_fallback()
    {
        using var ui = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(ui.Path, "index.html"), "<html>dm ui</html>");
        await File.WriteAllTextAsync(Path.Combine(ui.Path, "app.js"), "console.log('dm')");
        await using var app = await AggregatorApp.StartAsync(settings: new Dictionary<string, string?> { ["aggregator:uiFolder"] = ui.Path });
        var client = app.Client();

        Assert.Equal("<html>dm ui</html>", await client.GetStringAsync("/"));
        Assert.Equal("console.log('dm')", await client.GetStringAsync("/app.js"));
        Assert.Equal("<html>dm ui</html>", await client.GetStringAsync("/environments/prod"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/nothing-here")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/state")).StatusCode);
    }
}
