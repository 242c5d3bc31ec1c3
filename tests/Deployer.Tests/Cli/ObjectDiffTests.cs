using System.Text.Json.Nodes;
using Dm.Deployer.Cli;
using Dm.Domain;

namespace Dm.Deployer.Tests.Cli;

public sealed class ObjectDiffTests
{
    private static readonly ResourceKey Token = new(string.Empty, "Secret", "dev", "token");

    [Fact]
    public void A_Secret_change_outside_data_is_diffed_and_every_value_and_value_carrying_annotation_is_masked()
    {
        var before = Secret("""{ "app": "web" }""", """{ "password": "b2xk", "user": "YWRtaW4=" }""", "old-hash");
        var after = Secret("""{ "app": "web", "tier": "backend" }""", """{ "password": "bmV3", "user": "YWRtaW4=" }""", "new-hash");

        var diff = CliCommands.ObjectDiff(Token, before, after);

        Assert.StartsWith("# Secret dev/token: Secret data changed (values hidden): password\n--- live/Secret dev/token\n+++ merged/Secret dev/token\n", diff, StringComparison.Ordinal);
        Assert.Contains("+    tier: backend\n", diff, StringComparison.Ordinal);
        Assert.Contains("-  password: '*** (before)'\n+  password: '*** (after)'\n   user: '***'\n", diff, StringComparison.Ordinal);
        Assert.Contains("-    kubectl.kubernetes.io/last-applied-configuration: '*** (before)'\n", diff, StringComparison.Ordinal);
        foreach (var secret in new[] { "b2xk", "bmV3", "YWRtaW4", "old-hash", "new-hash", "hunter2" })
        {
            Assert.DoesNotContain(secret, diff, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unchanged_Secret_gives_no_diff_and_a_new_one_shows_its_keys_only()
    {
        var secret = Secret("{}", """{ "password": "b2xk" }""", "hash");

        Assert.Equal(string.Empty, CliCommands.ObjectDiff(Token, secret, secret.DeepClone().AsObject()));
        var created = CliCommands.ObjectDiff(Token, null, secret);
        Assert.StartsWith("# Secret dev/token: Secret data changed (values hidden): password\n--- /dev/null\n", created, StringComparison.Ordinal);
        Assert.Contains("+  password: '***'\n", created, StringComparison.Ordinal);
        Assert.DoesNotContain("b2xk", created, StringComparison.Ordinal);
    }

    private static JsonObject Secret(string labels, string data, string hash) => JsonNode.Parse($$$"""
        {
          "apiVersion": "v1", "kind": "Secret",
          "metadata": {
            "name": "token", "namespace": "dev", "labels": {{{labels}}},
            "annotations": {
              "dm.deployer/content-hash": "{{{hash}}}",
              "kubectl.kubernetes.io/last-applied-configuration": "{\"stringData\":{\"password\":\"hunter2-{{{hash}}}\"}}"
            }
          },
          "data": {{{data}}}
        }
        """)!.AsObject();
}
