using System.Net;

namespace Dm.ClusterSimulator.Tests;

/// <summary>A Job's pod template and selector are immutable once created, as on a real API server.</summary>
public sealed class JobImmutabilityTests
{
    private const string Path = "/apis/batch/v1/namespaces/default/jobs/migrate";

    private static string Job(string image, string label = "a") => $"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
          labels:
            tier: {label}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: m
                image: {image}
        """;

    [Fact]
    public async Task A_changed_template_is_refused_with_422_while_other_fields_and_a_same_template_apply()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.ApplyAsync(Path, Job("m:1"), "dm"));

        // 1. The same template with a new label applies.
        var relabelled = await ApiClient.MustAsync(client.ApplyAsync(Path, Job("m:1", "b"), "dm"));
        Assert.Equal("b", (string?)relabelled["metadata"]!["labels"]!["tier"]);

        // 2. A new image in the template is refused with apimachinery's wording; nothing changes.
        var (code, body) = await client.ApplyAsync(Path, Job("m:2", "b"), "dm", force: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", (string?)body["reason"]);
        Assert.StartsWith("Job.batch \"migrate\" is invalid: spec.template: Invalid value: ", (string?)body["message"], StringComparison.Ordinal);
        Assert.EndsWith(": field is immutable", (string?)body["message"], StringComparison.Ordinal);
        var live = await ApiClient.MustAsync(client.GetAsync(Path));
        Assert.Equal("m:1", (string?)live["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);

        // 3. Deleted and created again, the new template is taken.
        await ApiClient.MustAsync(client.DeleteAsync(Path + "?propagationPolicy=Background"));
        var created = await ApiClient.MustAsync(client.ApplyAsync(Path, Job("m:2", "b"), "dm"));
        Assert.Equal("m:2", (string?)created["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }
}
