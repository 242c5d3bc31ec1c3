using System.Text.Json.Nodes;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

public sealed class ObjectCompactionTests
{
    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"dev","uid":"0b1c","resourceVersion":"42","generation":3,
           "labels":{"app":"web"},"annotations":{"dm.deployer/content-hash":"abc"},
           "managedFields":[{"manager":"dm","operation":"Apply","time":"2025-01-01T00:00:00Z","fieldsV1":{"f:spec":{"f:replicas":{}}}}]},
         "spec":{"replicas":2,"paused":false,"ratio":0.5,"big":1e3,"template":{"spec":{"containers":[{"name":"app","image":"web:1"}]}}},
         "status":{"observedGeneration":3,"conditions":[{"type":"Available","status":"True"}]},
         "note":null}
        """;

    [Fact]
    public void A_compacted_object_is_the_same_json()
    {
        var original = JsonNode.Parse(Deployment)!.AsObject();

        var compact = ObjectCompaction.Compact(original, new StringPool());

        Assert.True(JsonNode.DeepEquals(original, compact));
        Assert.Equal(original.ToJsonString(), compact.ToJsonString());
    }

    [Fact]
    public void Numbers_and_flags_read_as_they_did_from_the_wire()
    {
        var compact = ObjectCompaction.Compact(JsonNode.Parse(Deployment)!.AsObject(), new StringPool());

        Assert.Equal(3, (int)compact["metadata"]!["generation"]!);
        Assert.Equal(3L, (long)compact["status"]!["observedGeneration"]!);
        Assert.Equal(2, compact["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(0.5, (double)compact["spec"]!["ratio"]!);
        Assert.Equal("1e3", compact["spec"]!["big"]!.ToJsonString());
        Assert.False((bool)compact["spec"]!["paused"]!);
        Assert.Null(compact["note"]);
        Assert.True(compact.ContainsKey("note"));
    }

    [Fact]
    public void Objects_compacted_with_one_pool_share_their_names_and_repeated_values()
    {
        var pool = new StringPool();

        var a = ObjectCompaction.Compact(JsonNode.Parse(Deployment)!.AsObject(), pool);
        var b = ObjectCompaction.Compact(JsonNode.Parse(Deployment.Replace("\"web\"", "\"api\"", StringComparison.Ordinal))!.AsObject(), pool);

        var managerA = (string)a["metadata"]!["managedFields"]![0]!["manager"]!;
        var managerB = (string)b["metadata"]!["managedFields"]![0]!["manager"]!;
        Assert.Same(managerA, managerB);
        Assert.Same(((JsonObject)a["metadata"]!).First().Key, ((JsonObject)b["metadata"]!).First().Key);
        Assert.Equal("api", (string?)b["metadata"]!["name"]);
    }

    [Fact]
    public void A_compacted_object_can_be_changed_like_any_other()
    {
        var compact = ObjectCompaction.Compact(JsonNode.Parse(Deployment)!.AsObject(), new StringPool());

        compact["spec"]!["replicas"] = 5;
        ((JsonObject)compact["metadata"]!["managedFields"]![0]!).Remove("fieldsV1");

        Assert.Equal(5, (int)compact["spec"]!["replicas"]!);
        Assert.Null(compact["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }
}
