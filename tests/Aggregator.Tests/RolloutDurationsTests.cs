using System.Text;
using System.Text.Json;
using Dm.Aggregator.Events;
using Dm.Aggregator.State;
using Dm.Aggregator.Writes;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Aggregator.Tests;

public sealed class RolloutDurationsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_finished_rollout_is_recorded_once_and_a_running_one_not_at_all()
    {
        var durations = RolloutDurations.Empty
            .Record(Report(("dev", "web", Status(ResourceState.Progressing, T0, 30))))
            .Record(Report(("dev", "web", Status(ResourceState.Healthy, T0, 40))))
            .Record(Report(("dev", "web", Status(ResourceState.Healthy, T0, 40))))
            .Record(Report(("dev", "web", Status(ResourceState.Healthy, null, 50))));

        Assert.Equal([40.0], durations.Durations["web"]);
        Assert.Equal(40, durations.Expected("web"));
        Assert.Null(durations.Expected("api"));
    }

    [Fact]
    public void The_expected_duration_is_the_median_of_the_last_few_from_any_environment()
    {
        var durations = RolloutDurations.Empty;
        double[] seconds = [100, 10, 20, 30, 40, 50, 60];
        for (var i = 0; i < seconds.Length; i++)
        {
            var env = i % 2 == 0 ? "dev" : "prod";
            durations = durations.Record(Report((env, "web", Status(ResourceState.Healthy, T0.AddMinutes(i), seconds[i]))));
        }

        Assert.Equal([20.0, 30, 40, 50, 60], durations.Durations["web"]);
        Assert.Equal(40, durations.Expected("web"));
        Assert.Equal(25, RolloutDurations.Empty
            .Record(Report(("dev", "api", Status(ResourceState.Healthy, T0, 20)), ("prod", "api", Status(ResourceState.Healthy, T0, 30))))
            .Expected("api"));
    }

    [Fact]
    public void The_state_carries_the_rollout_start_and_expected_duration_and_a_change_is_a_delta()
    {
        var model = Model();
        var durations = RolloutDurations.Empty.Record(Report(("dev", "web", Status(ResourceState.Healthy, T0, 42))));
        var running = Report(("prod", "web", Status(ResourceState.Progressing, T0.AddHours(1), 42)));

        var before = StateBuilder.Build(model, running, SourceAvailability.NotConfigured, null, SourceAvailability.NotConfigured, T0, RolloutDurations.Empty);
        var after = StateBuilder.Build(model, running, SourceAvailability.NotConfigured, null, SourceAvailability.NotConfigured, T0, durations);

        var cell = after.Resources.Single(r => r.Name == "web").Environments["prod"];
        Assert.Equal(T0.AddHours(1), cell.RolloutStartedAt);
        Assert.Equal(42, cell.ExpectedRolloutSeconds);
        Assert.Null(before.Resources.Single(r => r.Name == "web").Environments["prod"].ExpectedRolloutSeconds);
        var delta = Assert.Single(StateDiff.Compute(before, after), d => d.Type == EventTypes.Resource && Json(d.Data).Contains("\"environment\":\"prod\"", StringComparison.Ordinal));
        Assert.Contains("\"expectedRolloutSeconds\":42", Json(delta.Data), StringComparison.Ordinal);
        Assert.Contains("\"rolloutStartedAt\":\"2026-11-22T04:00:00+00:00\"", Json(delta.Data), StringComparison.Ordinal);
    }

    private static string Json(object data) => JsonSerializer.Serialize(data, DmJson.Options);

    private static ResourceDeployStatus Status(ResourceState state, DateTimeOffset? started, double? seconds) =>
        new("1", state, null, null, T0) { RolloutStartedAt = started, LastRolloutSeconds = seconds };

    private static DeployerStatusReport Report(params (string Env, string Resource, ResourceDeployStatus Status)[] resources) =>
        new(
            resources.GroupBy(r => r.Env).ToDictionary(
                g => g.Key,
                g => new EnvironmentDeployStatus(null, null, EnvironmentState.Progressing, null, null, g.ToDictionary(r => r.Resource, r => r.Status), T0)),
            T0);

    private static ResourceRepoModel Model() => TestRepo.Model();
}
