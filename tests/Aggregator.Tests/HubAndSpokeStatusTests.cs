using System.Net.Http.Json;
using Dm.Aggregator.Api;
using Dm.Aggregator.State;
using Dm.Domain;
using Dm.Status;
using Dm.TestSupport;

namespace Dm.Aggregator.Tests;

/// <summary>
/// Hub-and-spoke: the aggregator reads one deployer per cluster (<c>aggregator:deployerUrl</c> plus
/// <c>aggregator:deployerUrls</c>), shows every environment they report, and one that cannot be read marks its own
/// environments unavailable, with its URL and reason, while the others' stay.
/// </summary>
public sealed class HubAndSpokeStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private const string RolloutsToHook = """
        receivers:
          hook: {type: webhook}
        subscriptions:
          - receiver: hook
            events: [RolloutSucceeded]

        """;

    private static DeployerStatusReport Report(string environment, EnvironmentState state, ResourceState web, string version, DateTimeOffset started) =>
        new(new Dictionary<string, EnvironmentDeployStatus>
        {
            [environment] = new($"rev-{environment}", null, state, null, null,
                new Dictionary<string, ResourceDeployStatus> { ["web"] = new(version, web, null, null, started) { RolloutStartedAt = started } },
                started),
        }, started);

    [Fact]
    public async Task State_and_notifications_follow_every_deployer_and_a_spoke_going_down_blanks_only_its_environments()
    {
        await using var receiver = await ReceiverStub.StartAsync();
        await using var hub = await DaemonStub.StartAsync();
        await using var spoke = await DaemonStub.StartAsync();
        hub.Status = Report("dev", EnvironmentState.Clean, ResourceState.Healthy, "1", T0);
        spoke.Status = Report("prod", EnvironmentState.Progressing, ResourceState.Progressing, "2", T0);
        await using var app = await NotificationTests.StartAsync(receiver, RolloutsToHook, new()
        {
            ["aggregator:deployerUrl"] = hub.Address.ToString(),
            ["aggregator:deployerUrls:0"] = spoke.Address.ToString(),
            ["aggregator:statusInterval"] = "00:00:00.050",
        });
        var client = app.Client();

        // 1. Both deployers' environments are in the state, each with its own state and resources.
        var state = await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<StateResponse>("/api/state", DmJson.Options),
            s => s!.Deployers.Count == 2,
            "both deployers are read");
        Assert.True(state!.Deployer.Available);
        Assert.Equal([$"{hub.Address} True dev", $"{spoke.Address} True prod"], state.Deployers.Select(Describe));
        Assert.Equal(EnvironmentState.Clean, Environment(state, "dev").State);
        Assert.Equal(EnvironmentState.Progressing, Environment(state, "prod").State);
        Assert.Equal(ResourceState.Progressing, state.Resources.Single(r => r.Name == "web").Environments["prod"].State);

        // 2. The spoke's rollout finishing is a rollout event like the hub's would be.
        spoke.Status = Report("prod", EnvironmentState.Clean, ResourceState.Healthy, "2", T0);
        var succeeded = (await NextRequestAsync(receiver, 1)).Json;
        Assert.Equal((DmEventTypes.RolloutSucceeded, "web 2 is live and healthy in prod"), ((string?)succeeded["type"], (string?)succeeded["message"]));

        // 3. The spoke goes down: its environment says which deployer and why; the hub's stays as reported.
        spoke.StatusCode = 503;
        state = await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<StateResponse>("/api/state", DmJson.Options),
            s => !s!.Deployer.Available,
            "the spoke is reported unavailable");
        var prod = Environment(state!, "prod");
        Assert.Null(prod.State);
        Assert.Equal(Reasons.DeployerUnavailable, prod.Reason);
        Assert.Contains($"deployer status unavailable at {spoke.Address}", prod.Message, StringComparison.Ordinal);
        Assert.Contains("503", prod.Message, StringComparison.Ordinal);
        Assert.Equal(prod.Message, state!.Deployer.Message);
        Assert.Equal([$"{hub.Address} True dev", $"{spoke.Address} False prod {prod.Message}"], state.Deployers.Select(Describe));
        Assert.Equal((EnvironmentState.Clean, (string?)null), (Environment(state, "dev").State, Environment(state, "dev").Reason));
        Assert.Equal(ResourceState.Healthy, state.Resources.Single(r => r.Name == "web").Environments["dev"].State);
        var status = (await client.GetFromJsonAsync<AggregatorStatus>("/api/status", DmJson.Options))!;
        Assert.False(status.Deployer!.Available);
        Assert.False(status.Deployers.Single(d => d.Url == spoke.Address).Available);

        // 4. The spoke answers again with the rollout already announced: no second event; the next one is the next rollout.
        spoke.StatusCode = 200;
        await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<StateResponse>("/api/state", DmJson.Options),
            s => s!.Deployer.Available && Environment(s, "prod").State == EnvironmentState.Clean,
            "the spoke is read again");
        spoke.Status = Report("prod", EnvironmentState.Clean, ResourceState.Healthy, "3", T0.AddMinutes(1));
        Assert.Equal("web 3 is live and healthy in prod", (string?)(await NextRequestAsync(receiver, 2)).Json["message"]);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_spoke_that_never_answered_marks_the_environments_no_deployer_reports()
    {
        await using var hub = await DaemonStub.StartAsync();
        hub.Status = Report("dev", EnvironmentState.Clean, ResourceState.Healthy, "1", T0);
        await using var spoke = await DaemonStub.StartAsync();
        spoke.StatusCode = 502;
        await using var app = await AggregatorApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["aggregator:deployerUrls:0"] = hub.Address.ToString(),
            ["aggregator:deployerUrls:1"] = spoke.Address.ToString(),
        });

        var state = (await app.Client().GetFromJsonAsync<StateResponse>("/api/state", DmJson.Options))!;

        Assert.Equal(EnvironmentState.Clean, Environment(state, "dev").State);
        var prod = Environment(state, "prod");
        Assert.Equal(Reasons.DeployerUnavailable, prod.Reason);
        Assert.StartsWith($"deployer status unavailable at {spoke.Address}", prod.Message, StringComparison.Ordinal);
        Assert.Null(Environment(state, "latest").Reason); // no deployer deploys latest
        Assert.Equal([$"{hub.Address} True dev", $"{spoke.Address} False  {prod.Message}"], state.Deployers.Select(Describe));
    }

    [Fact]
    public void Deployer_urls_that_are_not_absolute_http_urls_refuse_to_start()
    {
        var options = new AggregatorOptions { RepoUrl = "/repo", CheckoutPath = "/tmp/x", Auth = "none", DeployerUrl = new Uri("http://dm-deployer:8080") };
        options.DeployerUrls.Add(new Uri("dm-deployer.spoke", UriKind.Relative));
        options.DeployerUrls.Add(new Uri("ftp://spoke.example.com"));

        var result = new AggregatorOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["aggregator:deployerUrls:0 'dm-deployer.spoke' is not an absolute http(s) URL.", "aggregator:deployerUrls:1 'ftp://spoke.example.com/' is not an absolute http(s) URL."],
            result.Failures);
    }

    private static string Describe(DeployerAvailability d) => $"{d.Url} {d.Available} {string.Join(',', d.Environments)}{(d.Message is null ? "" : " " + d.Message)}";

    private static EnvironmentView Environment(StateResponse state, string name) => state.Environments.Single(e => e.Name == name);

    private static async Task<ReceivedRequest> NextRequestAsync(ReceiverStub receiver, int count)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == count), $"notification {count} arrives");
        return receiver.Requests.Last();
    }
}
