using System.Text;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>A Secret's <c>stringData</c> is write-only, as on a real API server: merged into <c>data</c> (base64) and never stored.</summary>
public sealed class SecretDataTests
{
    private const string Path = "/api/v1/namespaces/default/secrets/creds";

    [Fact]
    public async Task Create_merges_stringData_into_data_and_stringData_wins_for_a_key_in_both()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var secret = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"},"type":"Opaque",
             "data":{"token":"dG9r\nZW4=","password":"b2xk"},"stringData":{"password":"grüße","user":"admin"}}
            """)!;

        // 1. The answer to the create and every later read carry data only: stringData's value for password wins.
        var created = await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/secrets", secret));
        var read = await ApiClient.MustAsync(client.GetAsync(Path));
        foreach (var obj in new[] { created, read })
        {
            Assert.Null(obj["stringData"]);
            Assert.Equal(Base64("grüße"), (string?)obj["data"]!["password"]);
            Assert.Equal(Base64("admin"), (string?)obj["data"]!["user"]);
            Assert.Equal(Base64("token"), (string?)obj["data"]!["token"]); // re-encoded canonically: the line break dropped
        }

        // 2. A merge patch of stringData changes data; data keys it does not name stay.
        var patched = await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, Path, """{"stringData":{"user":"root"}}""", "application/merge-patch+json"));
        Assert.Null(patched["stringData"]);
        Assert.Equal(Base64("root"), (string?)patched["data"]!["user"]);
        Assert.Equal(Base64("grüße"), (string?)patched["data"]!["password"]);

        // 3. So does an update (PUT) carrying stringData.
        patched["stringData"] = new JsonObject { ["extra"] = "x" };
        var updated = await ApiClient.MustAsync(client.PutAsync(Path, patched));
        Assert.Null(updated["stringData"]);
        Assert.Equal(Base64("x"), (string?)updated["data"]!["extra"]);
    }

    [Fact]
    public async Task Server_side_apply_of_stringData_stores_data_and_an_unchanged_apply_writes_nothing()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        const string Yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: s3cret\n";

        // 1. Applied with stringData, stored as data (also in a dry run's answer); the manager owns what it applied.
        var dryRun = await ApiClient.MustAsync(client.ApplyAsync(Path, Yaml, "dm", dryRun: true));
        Assert.Null(dryRun["stringData"]);
        Assert.Equal(Base64("s3cret"), (string?)dryRun["data"]!["password"]);
        var applied = await ApiClient.MustAsync(client.ApplyAsync(Path, Yaml, "dm"));
        Assert.Null(applied["stringData"]);
        Assert.Equal(Base64("s3cret"), (string?)applied["data"]!["password"]);
        Assert.Contains("f:stringData", applied["metadata"]!["managedFields"]!.ToJsonString(), StringComparison.Ordinal);

        // 2. The same apply again is no change: same resourceVersion.
        var again = await ApiClient.MustAsync(client.ApplyAsync(Path, Yaml, "dm"));
        Assert.Equal((string?)applied["metadata"]!["resourceVersion"], (string?)again["metadata"]!["resourceVersion"]);

        // 3. Someone edits data; the next apply of stringData takes the value back (stringData wins over data).
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, Path + "?fieldManager=kubectl-edit", """{"data":{"password":"aGFja2Vk"}}""", "application/merge-patch+json"));
        var restored = await ApiClient.MustAsync(client.ApplyAsync(Path, Yaml, "dm", force: true));
        Assert.Equal(Base64("s3cret"), (string?)restored["data"]!["password"]);
        Assert.Null(restored["stringData"]);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
