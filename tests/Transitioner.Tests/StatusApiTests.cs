using System.Net;
using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.GitFixture;
using Dm.Status;
using Dm.TestSupport;
using Dm.TestSupport.Metrics;
using Dm.Transitioner.Hosting;
using Microsoft.Extensions.Time.Testing;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

public sealed class StatusApiTests
{
    [Fact]
    public async Task Status_reports_every_transition_with_last_run_pending_and_next_schedule_and_refresh_wakes_the_loop()
    {
        using var dir = new TempDirectory();
        const string Transitions = """
            transitions:
              to-dev:
                source: latest
                target: dev
              to-prod:
                source: dev
                target: prod
                schedule: "0 0 6 * * ?"
              broken:
                source: dev
                target: qa
                versionFilter: "(["

            """;
        var repo = await FixtureRepository.CreateAsync(
            new FixtureTemplate([new FixtureCommit("init", "Initial", null, Files(Transitions, Resource("latest", "s1", "2"), Resource("dev", "s1", "1"), Resource("prod", "s1", "1"),
                File("transition_state.yaml", "to-prod:\n  scheduled: 2026-11-23T06:00:00Z\n")))]),
            dir.Sub("repo.git"), CancellationToken.None);
        var clock = new FakeTimeProvider(Start);
        await using var host = await TransitionerHost.StartAsync(
            o =>
            {
                o.RepoUrl = repo.GitDirectory;
                o.CheckoutPath = dir.Sub("mirror.git");
                o.PollInterval = TimeSpan.FromHours(1);
            },
            0,
            CancellationToken.None,
            clock);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        // 1. The loop's first round promotes to-dev; /readyz turns ready.
        await Eventually.HoldsAsync(async () => (await http.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, "the first round ran");
        var report = await new StatusClient(http).GetTransitionerStatusAsync(host.BaseAddress, CancellationToken.None);
        Assert.Equal(["to-dev", "to-prod", "broken"], report.Transitions.Keys);
        Assert.Equal(TransitionResult.Promoted, report.Transitions["to-dev"].LastRun!.Result);
        Assert.Equal(PlainGit.Run(repo.GitDirectory, "rev-parse", "main").Trim(), report.Transitions["to-dev"].LastRun!.Commit);
        Assert.Equal(TransitionResult.Error, report.Transitions["broken"].LastRun!.Result);
        Assert.Equal(Reasons.InvalidTransition, report.Transitions["broken"].LastRun!.Reason);
        Assert.Contains("transitions.broken.versionFilter", report.Transitions["broken"].LastRun!.Message, StringComparison.Ordinal);

        // 2. The JSON shape: camelCase, enums as strings, nulls omitted.
        var json = JsonNode.Parse(await http.GetStringAsync("api/status"))!;
        var prod = json["transitions"]!["to-prod"]!;
        Assert.Equal("Skipped", prod["lastRun"]!["result"]!.GetValue<string>());
        Assert.Equal("Scheduled", prod["lastRun"]!["reason"]!.GetValue<string>());
        Assert.Equal("s1", prod["pending"]![0]!["resource"]!.GetValue<string>());
        Assert.Equal("1", prod["pending"]![0]!["from"]!.GetValue<string>());
        Assert.Equal("2", prod["pending"]![0]!["to"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), prod["nextScheduled"]!.GetValue<DateTimeOffset>());
        Assert.Null(json["transitions"]!["to-dev"]!["nextScheduled"]);

        // 3. Time reaches the fire time: the loop wakes by itself (no poll for an hour) and promotes to prod.
        clock.Advance(TimeSpan.FromHours(1));
        await Eventually.HoldsAsync(
            async () => (await new StatusClient(http).GetTransitionerStatusAsync(host.BaseAddress, CancellationToken.None)).Transitions["to-prod"].LastRun?.Result == TransitionResult.Promoted,
            "to-prod was promoted at its fire time");

        // 4. POST /api/refresh is accepted; metrics count the promotions.
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("api/refresh", null)).StatusCode);
        var metrics = await MetricsInventory.ScrapeAndCheckAsync(() => http.GetStringAsync("metrics"), "transitioner");
        Assert.Equal(1, metrics["dm_transitioner_promotions_total"].Samples.Single(x => x.Label("transition") == "to-prod").Value);
        Assert.Equal(1, metrics["dm_transitioner_promotions_total"].Samples.Single(x => x.Label("transition") == "to-dev").Value);
        Assert.True(metrics["dm_transitioner_errors_total"].Samples.Single(x => x.Label("transition") == "broken").Value >= 1);
        Assert.True(metrics["dm_transitioner_round_duration_seconds"].Samples.Single(x => x.Name == "dm_transitioner_round_duration_seconds_count").Value >= 2);
    }

    [Fact]
    public void Invalid_options_are_reported_precisely()
    {
        var errors = new TransitionerOptions { RepoUrl = "", CheckoutPath = "/tmp/x", PollInterval = TimeSpan.Zero, DeployerUrl = "not a url" }.Validate();

        Assert.Contains("Transitioner:RepoUrl is required (the resource repo's remote URL)", errors);
        Assert.Contains(errors, e => e.StartsWith("Transitioner:PollInterval must be positive", StringComparison.Ordinal));
        Assert.Contains("Transitioner:DeployerUrl \"not a url\" is not an absolute http(s) URL", errors);
    }
}
