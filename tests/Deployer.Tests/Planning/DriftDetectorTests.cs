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
    [InlineData("""{"spec":{"a":1}}""", """{"spec":{"a":null}}""", "spec.a is absent, DM applied 1")]
    [InlineData("""{"spec":{"a":null}}""", """{"spec":{}}""", null)]
    [InlineData("""{"spec":{"a":{"b":1}}}""", """{"spec":{"a":[1]}}""", "spec.a is a list of 1, DM applied a map")]
    [InlineData("""{"spec":{"a":"x"}}""", """{"spec":{"a":{"b":1}}}""", "spec.a is a map, DM applied \"x\"")]
    [InlineData("""{"data":{"k":"<a>"}}""", """{"data":{"k":"\u003Ca\u003E"}}""", null)]
    public void Only_values_DM_applied_count(string desired, string live, string? drift) =>
        Assert.Equal(drift, DriftDetector.Find(JsonNode.Parse(desired)!.AsObject(), JsonNode.Parse(live)!.AsObject()));

    [Fact]
    public void A_manifest_built_as_nodes_compares_by_its_values()
    {
        // 1. A desired manifest as code builds it (values of .NET types, not parsed), against a live object from the wire.
        var desired = new JsonObject { ["kind"] = "ConfigMap", ["data"] = new JsonObject { ["k"] = "v", ["n"] = 3 } };

        // 2. The same values are no drift; a number the server holds as a string is.
        Assert.Null(DriftDetector.Find(desired, JsonNode.Parse("""{"kind":"ConfigMap","data":{"k":"v","n":3,"x":"y"}}""")!.AsObject()));
        Assert.Equal("data.n is \"3\", DM applied 3", DriftDetector.Find(desired, JsonNode.Parse("""{"kind":"ConfigMap","data":{"k":"v","n":"3"}}""")!.AsObject()));

        // 3. The desired object is left as it was.
        Assert.Equal("""{"kind":"ConfigMap","data":{"k":"v","n":3}}""", desired.ToJsonString());
    }
}
