using System.Text.Json.Nodes;
using Dm.Deployer.Planning;

namespace Dm.Deployer.Tests.Planning;

public sealed class DriftDetectorTests
{
    [Theory]
    [InlineData("""{"spec":{"a":1}}""", """{"spec":{"a":1,"defaulted":"x"},"status":{"z":1}}""", null)]
    [InlineData("""{"spec":{"a":1}}""", """{"spec":{"a":2}}""", "spec.a is 2, DM applied 1")]
    [InlineData("""{"spec":{"a":1}}""", """{"spec":{}}""", "spec.a is absent, DM applied 1")]
    [InlineData("""{"spec":{"l":[{"n":"x","v":1}]}}""", """{"spec":{"l":[{"n":"x","v":1,"d":true}]}}""", null)]
    [InlineData("""{"spec":{"l":[{"n":"x"}]}}""", """{"spec":{"l":[{"n":"x"},{"n":"y"}]}}""", "spec.l is a list of 2, DM applied a list of 1")]
    [InlineData("""{"data":{"k":"v"}}""", """{"data":{"k":"w"}}""", "data.k is \"w\", DM applied \"v\"")]
    [InlineData("""{"status":{"a":1}}""", """{"status":{"a":2}}""", null)]
    public void Only_values_DM_applied_count(string desired, string live, string? drift) =>
        Assert.Equal(drift, DriftDetector.Find(JsonNode.Parse(desired)!.AsObject(), JsonNode.Parse(live)!.AsObject()));
}
