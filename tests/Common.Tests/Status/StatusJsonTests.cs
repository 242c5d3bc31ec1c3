using System.Text.Json;
using Dm.Domain;
using Dm.Status;

namespace Dm.Common.Tests.Status;

public class StatusJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deployer_status_has_the_shape_of_the_http_contract_and_round_trips()
    {
        var report = new DeployerStatusReport(
            new Dictionary<string, EnvironmentDeployStatus>
            {
                ["dev"] = new(
                    "abc123",
                    "abc000",
                    EnvironmentState.Failed,
                    Reasons.ProgressDeadlineExceeded,
                    "Deployment dev/s1: ReplicaSet \"s1-7d\" has timed out progressing.",
                    new Dictionary<string, ResourceDeployStatus>
                    {
                        ["s1"] = new("42", ResourceState.Failed, Reasons.ProgressDeadlineExceeded, "timed out", At),
                    },
                    At),
            },
            At);

        var json = JsonSerializer.Serialize(report, DmJson.Options);

        Assert.Equal(
            """{"environments":{"dev":{"revision":"abc123","healthyRevision":"abc000","state":"Failed","reason":"ProgressDeadlineExceeded","message":"Deployment dev/s1: ReplicaSet \u0022s1-7d\u0022 has timed out progressing.","resources":{"s1":{"version":"42","state":"Failed","reason":"ProgressDeadlineExceeded","message":"timed out","lastAppliedAt":"2026-11-21T12:00:00+00:00"}},"lastReconciledAt":"2026-11-21T12:00:00+00:00"}},"generatedAt":"2026-11-21T12:00:00+00:00"}""",
            json);
        var back = JsonSerializer.Deserialize<DeployerStatusReport>(json, DmJson.Options)!;
        Assert.Equal(EnvironmentState.Failed, back.Environments["dev"].State);
        Assert.Equal("42", back.Environments["dev"].Resources["s1"].Version);
    }

    [Fact]
    public void Transitioner_status_omits_nulls_and_writes_results_as_names()
    {
        var report = new TransitionerStatusReport(
            new Dictionary<string, TransitionStatus>
            {
                ["pp-to-prod"] = new("pp", "prod", new TransitionRun(At, TransitionResult.Blocked, Reasons.TargetLocked, "prod is locked: release freeze", null), [new PendingMove("s1", "41", "42")], At.AddHours(1)),
            },
            "def456",
            At);

        var json = JsonSerializer.Serialize(report, DmJson.Options);

        Assert.Equal(
            """{"transitions":{"pp-to-prod":{"source":"pp","target":"prod","lastRun":{"time":"2026-11-21T12:00:00+00:00","result":"Blocked","reason":"TargetLocked","message":"prod is locked: release freeze"},"pending":[{"resource":"s1","from":"41","to":"42"}],"nextScheduled":"2026-11-21T13:00:00+00:00"}},"revision":"def456","generatedAt":"2026-11-21T12:00:00+00:00"}""",
            json);
    }
}
