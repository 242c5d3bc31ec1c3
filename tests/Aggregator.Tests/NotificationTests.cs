using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dm.Aggregator.Notifications;
using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.TestSupport;
using Xunit.Abstractions;

namespace Dm.Aggregator.Tests;

/// <summary>
/// Notifications end to end through the aggregator: real receivers on loopback get the body, headers and signature
/// checked here; retries, a hanging receiver, a full queue, restarts and a broken notifications.yaml.
/// </summary>
public sealed class NotificationTests(ITestOutputHelper output)
{
    private const string SigningKey = "test-signing-key-0123456789";

    internal static async Task<AggregatorApp> StartAsync(ReceiverStub receiver, string notifications, Dictionary<string, string?>? settings = null, Action<SortedDictionary<string, string>>? files = null)
    {
        var repo = TestRepo.Files();
        repo[NotificationRules.FileName] = notifications;
        files?.Invoke(repo);
        var config = new Dictionary<string, string?>
        {
            ["aggregator:notifications:receivers:hook:url"] = new Uri(receiver.Address, "hooks/dm?token=secret-token-42").ToString(),
            ["aggregator:notifications:receivers:hook:signingKey"] = SigningKey,
            ["aggregator:notifications:retryBaseDelay"] = "00:00:00.010",
            ["aggregator:notifications:retryMaxDelay"] = "00:00:00.050",
            ["aggregator:notifications:timeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        return await AggregatorApp.StartAsync(files: repo, settings: config);
    }

    private const string VersionsToHook = """
        receivers:
          hook: {type: webhook}
        subscriptions:
          - receiver: hook
            events: [VersionReceived]

        """;

    private static Task<HttpResponseMessage> PostVersionAsync(HttpClient client, string version, string resource = "web") =>
        client.PostAsJsonAsync("/api/versions", new { resource, version, fields = new Dictionary<string, string> { ["image"] = $"reg/{resource}:{version}" }, changelog = $"Release {version}" });

    internal static Task<NotificationsResponse?> NotificationsAsync(AggregatorApp app) =>
        app.Client().GetFromJsonAsync<NotificationsResponse>("/api/notifications", DmJson.Options);

    [Fact]
    public async Task A_received_version_reaches_a_signed_webhook_with_its_event_and_idempotency_key()
    {
        await using var receiver = await ReceiverStub.StartAsync();
        await using var app = await StartAsync(receiver, VersionsToHook);

        var response = await PostVersionAsync(app.Client(), "2");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var commit = app.Head();

        var request = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Requests.FirstOrDefault()), r => r is not null, "the webhook got the event");
        Assert.Equal("/hooks/dm?token=secret-token-42", request!.Path);
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal(DmEventTypes.VersionReceived, request.Header(ReceiverRequests.EventHeader));
        var body = request.Json;
        Assert.Equal(DmEventTypes.VersionReceived, (string?)body["type"]);
        Assert.Equal("latest", (string?)body["environment"]);
        Assert.Equal("web", (string?)body["resource"]);
        Assert.Null(body["fromVersion"]);
        Assert.Equal("2", (string?)body["toVersion"]);
        Assert.Equal(commit, (string?)body["revision"]);
        Assert.Equal("web 2 was received in latest", (string?)body["message"]);
        Assert.Contains("Release 2", (string?)body["details"], StringComparison.Ordinal);
        Assert.Equal((string?)body["id"], request.Header(ReceiverRequests.DeliveryHeader));
        Assert.Equal((string?)body["id"], request.Header("Idempotency-Key"));
        Assert.Equal(32, ((string?)body["id"])!.Length);

        // The signature is HMAC-SHA256 of the exact body bytes with the configured key.
        Assert.Equal(ReceiverRequests.Signature(SigningKey, request.Body), request.Header(ReceiverRequests.SignatureHeader));
        Assert.StartsWith("sha256=", request.Header(ReceiverRequests.SignatureHeader), StringComparison.Ordinal);

        var state = await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.Any(d => d.Status == DeliveryStatuses.Sent), "the delivery is recorded as sent");
        var delivery = Assert.Single(state!.Deliveries);
        Assert.Equal(("hook", DmEventTypes.VersionReceived, 1), (delivery.Receiver, delivery.Type, delivery.Attempts));
        Assert.False(Assert.Single(state.Receivers).Failing);
    }

    [Fact]
    public async Task A_receiver_answering_500_three_times_then_200_gets_exactly_one_delivery_counted_as_sent()
    {
        await using var receiver = await ReceiverStub.StartAsync();
        foreach (var status in new[] { 500, 503, 500 })
        {
            receiver.Answers.Enqueue(status);
        }

        await using var app = await StartAsync(receiver, VersionsToHook);
        await PostVersionAsync(app.Client(), "2");

        var state = await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.Any(d => d.Status == DeliveryStatuses.Sent), "delivered after the retries");
        var delivery = Assert.Single(state!.Deliveries);
        Assert.Equal(4, delivery.Attempts);
        Assert.Equal(4, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Header(ReceiverRequests.DeliveryHeader)).Distinct());
        var hook = Assert.Single(state.Receivers);
        Assert.Equal((1L, 0L, false), (hook.Sent, hook.Failed, hook.Failing));
        var metrics = await app.Client().GetStringAsync("/metrics");
        Assert.Contains("dm_notifications_sent_total{receiver=\"hook\"} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("dm_notifications_failed_total{receiver=\"hook\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_refuses_or_never_recovers_fails_the_delivery_and_shows_failing_without_its_secret()
    {
        await using var receiver = await ReceiverStub.StartAsync();
        receiver.Answers.Enqueue(403);
        await using var app = await StartAsync(receiver, VersionsToHook, new() { ["aggregator:notifications:maxAttempts"] = "3" });

        await PostVersionAsync(app.Client(), "2");

        // 403 is not retried.
        var state = await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.Any(d => d.Status == DeliveryStatuses.Failed), "the refused delivery failed");
        Assert.Equal(1, Assert.Single(state!.Deliveries).Attempts);
        var hook = Assert.Single(state.Receivers);
        Assert.True(hook.Failing);
        Assert.Equal("hook answered 403 Forbidden", hook.LastError);
        var json = await app.Client().GetStringAsync("/api/notifications");
        Assert.DoesNotContain("secret-token-42", json, StringComparison.Ordinal);
        Assert.DoesNotContain(SigningKey, json, StringComparison.Ordinal);

        // A 500 on every attempt: given up after maxAttempts; the next success clears Failing.
        foreach (var status in new[] { 500, 500, 500 })
        {
            receiver.Answers.Enqueue(status);
        }

        await PostVersionAsync(app.Client(), "3");
        state = await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.Count(d => d.Status == DeliveryStatuses.Failed) == 2, "the second delivery failed too");
        Assert.Equal(3, state!.Deliveries.First(d => d.Status == DeliveryStatuses.Failed).Attempts);
        await PostVersionAsync(app.Client(), "4");
        state = await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.Any(d => d.Status == DeliveryStatuses.Sent), "the third was sent");
        Assert.False(Assert.Single(state!.Receivers).Failing);
    }

    [Fact]
    public async Task A_receiver_that_hangs_does_not_delay_writes()
    {
        await using var receiver = await ReceiverStub.StartAsync();
        await using var app = await StartAsync(receiver, VersionsToHook);
        var client = app.Client();

        // 0. For comparison (after one post to warm up): five posts while the receiver answers at once.
        Assert.Equal(HttpStatusCode.Created, (await PostVersionAsync(client, "1.0", "api")).StatusCode);
        var answering = Stopwatch.StartNew();
        foreach (var version in new[] { "1.1", "1.2", "1.3", "1.4", "1.5" })
        {
            Assert.Equal(HttpStatusCode.Created, (await PostVersionAsync(client, version, "api")).StatusCode);
        }

        answering.Stop();
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 6), "the six events arrive");
        receiver.Requests.Clear();
        receiver.Hang = true;

        // 1. The first post's notification is held by the receiver.
        Assert.Equal(HttpStatusCode.Created, (await PostVersionAsync(client, "2")).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Held == 1), "the receiver holds the first delivery");

        // 2. Writes keep answering while it hangs: measured, and the receiver is still holding the first request.
        var timer = Stopwatch.StartNew();
        for (var i = 3; i <= 7; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await PostVersionAsync(client, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).StatusCode);
        }

        timer.Stop();
        output.WriteLine($"5 version posts: {answering.Elapsed.TotalMilliseconds:0} ms with an answering receiver, {timer.Elapsed.TotalMilliseconds:0} ms with a hanging one");
        Assert.Equal(1, receiver.Held);
        Assert.Equal("version: \"7\"\nimage: \"reg/web:7\"\n", app.Show("latest/version/web.yaml"));

        // 3. Released, every event arrives, in order.
        receiver.Release();
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 6), "all six events arrive");
        Assert.Equal(["2", "3", "4", "5", "6", "7"], receiver.Requests.Select(r => (string?)r.Json["toVersion"]));
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_with_a_metric()
    {
        await using var receiver = await ReceiverStub.StartAsync();
        receiver.Hang = true;
        await using var app = await StartAsync(receiver, VersionsToHook, new() { ["aggregator:notifications:queueCapacity"] = "2" });
        var client = app.Client();
        await PostVersionAsync(client, "2");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Held == 1), "the receiver holds the first delivery");

        foreach (var version in new[] { "3", "4", "5", "6" })
        {
            await PostVersionAsync(client, version);
        }

        var state = await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Receivers.Single().Dropped == 2, "two were dropped");
        Assert.Equal(2, state!.Deliveries.Count(d => d.Status == DeliveryStatuses.Dropped));
        Assert.Contains("dm_notifications_dropped_total{receiver=\"hook\"} 2", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);

        receiver.Release();
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 3), "the first and the two newest arrive");
        Assert.Equal(["2", "5", "6"], receiver.Requests.Select(r => (string?)r.Json["toVersion"]));
    }

    [Fact]
    public async Task A_restart_sends_nothing_old_again_and_delivers_what_was_pending()
    {
        await using var receiver = await ReceiverStub.StartAsync();
        await using var app = await StartAsync(receiver, VersionsToHook, new() { ["aggregator:notifications:maxAttempts"] = "1000" });
        var client = app.Client();
        await PostVersionAsync(client, "2");
        await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.Any(d => d.Status == DeliveryStatuses.Sent), "the first event is delivered");

        // 1. A restart: the delivered event is not sent again.
        await app.RestartAsync();
        await PostVersionAsync(app.Client(), "3");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 2), "the new event arrives");
        Assert.Equal(["2", "3"], receiver.Requests.Select(r => (string?)r.Json["toVersion"]));

        // 2. The receiver is down when the aggregator stops: the pending event is delivered after the restart.
        for (var i = 0; i < 100000; i++)
        {
            receiver.Answers.Enqueue(503);
        }

        await PostVersionAsync(app.Client(), "4");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count(r => (string?)r.Json["toVersion"] == "4") >= 2), "version 4 is being retried");
        await app.RestartAsync();
        receiver.Answers.Clear();
        var state = await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.Any(d => d.Status == DeliveryStatuses.Sent), "version 4 is delivered after the restart");
        Assert.Equal("4", receiver.Requests.Last().Json["toVersion"]!.GetValue<string>());
        Assert.Single(receiver.Requests.Where(r => (string?)r.Json["toVersion"] == "4").Select(r => r.Header(ReceiverRequests.DeliveryHeader)).Distinct());
        Assert.Equal(2, receiver.Requests.Count(r => (string?)r.Json["toVersion"] is "2" or "3"));
        Assert.Single(state!.Deliveries);
    }

    [Fact]
    public async Task A_broken_notifications_file_is_a_precise_repo_error_and_sends_nothing_wrong()
    {
        const string Broken = """
            receivers:
              hook: {type: webhook}
              leaky: {type: slack, url: "https://hooks.slack.com/services/T000/B000/XXXX"}
              odd: {type: pager}
            subscriptions:
              - receiver: hook
                events: [VersionRecieved]
              - receiver: hook
                events: [Locked]
                environments: [prod]
              - receiver: leaky
              - receiver: nobody

            """;
        await using var receiver = await ReceiverStub.StartAsync();
        await using var app = await StartAsync(receiver, Broken);
        var client = app.Client();

        var state = await NotificationsAsync(app);
        Assert.Equal(
        [
            "notifications.yaml:3:29: receivers.leaky.url: receiver secrets are never read from the repo; configure them in the daemon's config (notifications.receivers.leaky.url, urlFile or urlEnv) and remove this line",
            "notifications.yaml:4:15: receivers.odd.type \"pager\" is not one of webhook, slack, chat, teams, github, gitlab, gitea",
            "notifications.yaml:7:13: subscriptions[0].events: \"VersionRecieved\" is not an event type (VersionReceived, Promoted, RolledBack, Locked, Unlocked, ApprovalRequested, ApprovalGiven, RolloutSucceeded, RolloutFailed, RolloutDegraded, DriftCorrected)",
            "notifications.yaml:12:15: subscriptions[3].receiver \"nobody\" is not one of the receivers (hook, leaky, odd)",
        ], state!.Errors.Select(e => e.Message));
        Assert.Equal([Reasons.SecretInRepo, Reasons.InvalidValue, Reasons.InvalidValue, Reasons.InvalidValue], state.Errors.Select(e => e.Reason));
        Assert.Equal(["hook"], state.Receivers.Select(r => r.Name));

        // The broken subscription sends nothing; the valid one still works.
        await PostVersionAsync(client, "2");
        await client.PutAsJsonAsync("/api/locks/prod", new { reason = "freeze", expires = "2099-01-01T00:00:00Z" });
        var request = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Requests.FirstOrDefault()), r => r is not null, "the lock is notified");
        Assert.Equal(DmEventTypes.Locked, (string?)request!.Json["type"]);
        Assert.Equal("environment prod was locked by DM Aggregator: freeze", (string?)request.Json["message"]);
        Assert.Equal("2099-01-01T00:00:00+00:00", (string?)request.Json["expires"]);
        await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.All(d => d.Status == DeliveryStatuses.Sent), "sent");
        Assert.Single(receiver.Requests);
        var stateErrors = (await client.GetFromJsonAsync<Dm.Aggregator.State.StateResponse>("/api/state", DmJson.Options))!.Errors;
        Assert.Equal(4, stateErrors.Count(e => e.File == NotificationRules.FileName));
    }

    [Fact]
    public async Task Slack_and_chat_receivers_get_formatted_messages()
    {
        const string Chat = """
            receivers:
              team: {type: slack}
              teams: {type: teams}
            subscriptions:
              - receiver: team
                resources: ["w*"]
              - receiver: teams
                events: [VersionReceived]

            """;
        await using var receiver = await ReceiverStub.StartAsync();
        await using var app = await StartAsync(receiver, Chat, new()
        {
            ["aggregator:notifications:receivers:team:url"] = new Uri(receiver.Address, "slack").ToString(),
            ["aggregator:notifications:receivers:teams:url"] = new Uri(receiver.Address, "teams").ToString(),
            ["aggregator:notifications:uiUrl"] = "https://dm.example.com/",
        });

        await PostVersionAsync(app.Client(), "2");
        await PostVersionAsync(app.Client(), "8", "api");

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == 3), "slack gets web, teams gets web and api");
        var slack = Assert.Single(receiver.Requests, r => r.Path == "/slack").Json;
        Assert.Equal("VersionReceived · web in latest: web 2 was received in latest", (string?)slack["text"]);
        var blocks = slack["blocks"]!.AsArray();
        Assert.Equal("*VersionReceived* · web in latest\nweb 2 was received in latest", (string?)blocks[0]!["text"]!["text"]);
        Assert.Equal("```Release 2```", (string?)blocks[1]!["text"]!["text"]);
        Assert.Contains("<https://dm.example.com/|DM board>", (string?)blocks[2]!["elements"]![0]!["text"], StringComparison.Ordinal);
        var teams = receiver.Requests.Where(r => r.Path == "/teams").Select(r => (string?)r.Json["text"]).ToList();
        Assert.Equal("**VersionReceived** · api in latest: api 8 was received in latest\n\nRelease 8\n\n[DM board](https://dm.example.com/)", teams[1]);
    }

    [Fact]
    public async Task A_github_receiver_sets_a_commit_status_on_the_services_source_commit()
    {
        const string Status = """
            receivers:
              ci: {type: github, apiUrl: "{api}", context: "deploy/{environment}"}
            subscriptions:
              - receiver: ci
                environments: [dev]

            """;
        await using var receiver = await ReceiverStub.StartAsync();
        await using var app = await StartAsync(receiver, Status.Replace("{api}", new Uri(receiver.Address, "gh/").ToString(), StringComparison.Ordinal), new()
        {
            ["aggregator:notifications:receivers:ci:tokenEnv"] = "DM_TEST_GITHUB_TOKEN_" + Environment.ProcessId,
        });
        Environment.SetEnvironmentVariable("DM_TEST_GITHUB_TOKEN_" + Environment.ProcessId, "ghp_testtoken");
        var client = app.Client();
        await client.PostAsJsonAsync("/api/versions", new
        {
            resource = "web",
            version = "2",
            fields = new Dictionary<string, string> { ["image"] = "reg/web:2", ["repo"] = "https://github.com/example/web.git", ["commit"] = "0123456789abcdef0123456789abcdef01234567" },
        });

        // A promotion to dev sets "pending" on the service's commit (latest's VersionReceived is not for dev).
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/promotions", new { resource = "web", version = "2", env = "dev" })).StatusCode);
        var request = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Requests.FirstOrDefault()), r => r is not null, "the status was posted");
        Assert.Equal("/gh/repos/example/web/statuses/0123456789abcdef0123456789abcdef01234567", request!.Path);
        Assert.Equal("Bearer ghp_testtoken", request.Header("Authorization"));
        Assert.Equal("application/vnd.github+json", request.Header("Accept"));
        Assert.Equal("pending", (string?)request.Json["state"]);
        Assert.Equal("deploy/dev", (string?)request.Json["context"]);
        Assert.Equal("web 1 → 2 was promoted to dev by DM Aggregator", (string?)request.Json["description"]);
        await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Deliveries.Any(d => d.Status == DeliveryStatuses.Sent), "sent");
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_missing_secret_fails_the_delivery_with_what_is_missing()
    {
        const string Slack = """
            receivers:
              unset: {type: slack}
            subscriptions:
              - receiver: unset

            """;
        await using var receiver = await ReceiverStub.StartAsync();
        await using var app = await StartAsync(receiver, Slack);

        await PostVersionAsync(app.Client(), "2");

        var state = await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Receivers.Single().Failing, "the receiver is failing");
        Assert.Equal(
            "no url configured for receiver unset (notifications.receivers.unset.url, urlFile or urlEnv in the aggregator's config)",
            state!.Receivers.Single().LastError);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Rollouts_reported_by_the_deployer_are_notified_once_per_change()
    {
        await using var receiver = await ReceiverStub.StartAsync();
        await using var deployer = await DaemonStub.StartAsync();
        const string Rollouts = """
            receivers:
              hook: {type: webhook}
            subscriptions:
              - receiver: hook
                events: [RolloutSucceeded, RolloutFailed, RolloutDegraded, DriftCorrected]

            """;
        DeployerStatusReport Report(ResourceState state, string version, DateTimeOffset started, DateTimeOffset? drift = null) =>
            new(new Dictionary<string, EnvironmentDeployStatus>
            {
                ["dev"] = new("rev", null, EnvironmentState.Progressing, null, null,
                    new Dictionary<string, ResourceDeployStatus> { ["web"] = new(version, state, state == ResourceState.Failed ? Reasons.ProgressDeadlineExceeded : null, state == ResourceState.Failed ? "rollout stuck" : null, started) { RolloutStartedAt = started, LastDriftCorrectedAt = drift } },
                    null),
            }, DateTimeOffset.UnixEpoch);
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        deployer.Status = Report(ResourceState.Healthy, "1", t0);
        await using var app = await StartAsync(receiver, Rollouts, new()
        {
            ["aggregator:deployerUrl"] = deployer.Address.ToString(),
            ["aggregator:statusInterval"] = "00:00:00.050",
        });

        async Task<ReceivedRequest> NextAsync(int count)
        {
            await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count == count), $"event {count} arrives");
            return receiver.Requests.Last();
        }

        // The first report is the baseline: nothing. Then progressing (nothing), healthy at 2, degraded, failed at 3, drift.
        await Eventually.ReturnsAsync(() => NotificationsAsync(app), n => n!.Receivers.Count == 1, "the aggregator is up");
        deployer.Status = Report(ResourceState.Healthy, "2", t0.AddMinutes(1));
        var succeeded = (await NextAsync(1)).Json;
        Assert.Equal((DmEventTypes.RolloutSucceeded, "web 2 is live and healthy in dev"), ((string?)succeeded["type"], (string?)succeeded["message"]));
        deployer.Status = Report(ResourceState.Progressing, "2", t0.AddMinutes(1));
        Assert.Equal(DmEventTypes.RolloutDegraded, (string?)(await NextAsync(2)).Json["type"]);
        deployer.Status = Report(ResourceState.Failed, "3", t0.AddMinutes(2));
        var failed = (await NextAsync(3)).Json;
        Assert.Equal((DmEventTypes.RolloutFailed, "web 3 failed in dev: rollout stuck", Reasons.ProgressDeadlineExceeded), ((string?)failed["type"], (string?)failed["message"], (string?)failed["reason"]));
        deployer.Status = Report(ResourceState.Failed, "3", t0.AddMinutes(2), t0.AddMinutes(3));
        Assert.Equal(DmEventTypes.DriftCorrected, (string?)(await NextAsync(4)).Json["type"]);

        // The same reports again made no events: the next event is the next change, in order.
        deployer.Status = Report(ResourceState.Healthy, "3", t0.AddMinutes(2), t0.AddMinutes(3));
        Assert.Equal(DmEventTypes.RolloutSucceeded, (string?)(await NextAsync(5)).Json["type"]);
        Assert.Equal(5, receiver.Requests.Count);
    }
}
