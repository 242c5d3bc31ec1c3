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

    private static string? Find(string desired, string live) =>
        DriftDetector.Find(JsonNode.Parse(desired)!.AsObject(), JsonNode.Parse(live)!.AsObject());

    [Theory]
    [InlineData("""{"data":{"password":"c2VjcmV0"}}""", """{"data":{"password":"aGFja2Vk"}}""", "data.password differs from what DM applied")]
    [InlineData("""{"data":{"password":"c2VjcmV0"}}""", """{"data":{}}""", "data.password is absent")]
    [InlineData("""{"data":{"password":"c2VjcmV0"}}""", """{}""", "data.password is absent")]
    [InlineData("""{"stringData":{"password":"secret"}}""", """{"data":{"password":"aGFja2Vk"}}""", "data.password differs from what DM applied (DM applied it as stringData.password)")]
    [InlineData("""{"stringData":{"password":"secret"}}""", """{"stringData":{"password":"secret"}}""", "data.password is absent (DM applied it as stringData.password)")]
    [InlineData("""{"data":"c2VjcmV0"}""", """{"data":{"password":"c2VjcmV0"}}""", "data differs from what DM applied")]
    public void A_Secret_names_the_changed_key_and_never_a_value(string desired, string live, string drift)
    {
        var message = Find(Secret(desired), Secret(live));

        Assert.Equal(drift, message);
        foreach (var value in new[] { "c2VjcmV0", "aGFja2Vk", "secret", "hacked" })
        {
            Assert.DoesNotContain(value, message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"stringData":{"password":"secret","user":"admin"}}""", """{"data":{"password":"c2VjcmV0","user":"YWRtaW4=","other":"eA=="}}""")] // stored as data, never as stringData
    [InlineData("""{"stringData":{"text":"grüße ✓"}}""", """{"data":{"text":"Z3LDvMOfZSDinJM="}}""")] // UTF-8 bytes
    [InlineData("""{"data":{"password":"aGFja2Vk"},"stringData":{"password":"secret"}}""", """{"data":{"password":"c2VjcmV0"}}""")] // stringData wins for a key in both
    [InlineData("""{"data":{"token":"c2VjcmV0"}}""", """{"data":{"token":"c2Vj\ncmV0"}}""")] // the same bytes, base64 broken into lines
    [InlineData("""{"type":"Opaque","data":{"token":"c2VjcmV0"},"stringData":{"user":"admin"}}""", """{"type":"Opaque","data":{"token":"c2VjcmV0","user":"YWRtaW4="}}""")]
    public void A_Secret_is_compared_as_the_server_stores_it(string desired, string live) =>
        Assert.Null(Find(Secret(desired), Secret(live)));

    [Fact]
    public void Fields_of_a_Secret_outside_its_data_still_compare_with_values()
    {
        Assert.Equal("type is \"Opaque\", DM applied \"kubernetes.io/tls\"", Find(Secret("""{"type":"kubernetes.io/tls"}"""), Secret("""{"type":"Opaque"}""")));

        // A ConfigMap is no Secret: its values are shown.
        Assert.Equal("data.k is \"w\", DM applied \"v\"", Find("""{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"v"}}""", """{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"w"}}"""));
    }

    [Theory]
    [InlineData("""{"cpu":"1000m","memory":"1024Mi"}""", """{"cpu":"1","memory":"1Gi"}""", null)]
    [InlineData("""{"cpu":0.5}""", """{"cpu":"500m"}""", null)]
    [InlineData("""{"cpu":2}""", """{"cpu":"2"}""", null)]
    [InlineData("""{"memory":"1.5Gi"}""", """{"memory":"1536Mi"}""", null)]
    [InlineData("""{"ephemeral-storage":"1e3"}""", """{"ephemeral-storage":"1k"}""", null)]
    [InlineData("""{"cpu":"500m"}""", """{"cpu":"1"}""", "spec.template.spec.containers[app].resources.limits.cpu is \"1\", DM applied \"500m\"")]
    [InlineData("""{"memory":"1Gi"}""", """{"memory":"1G"}""", "spec.template.spec.containers[app].resources.limits.memory is \"1G\", DM applied \"1Gi\"")]
    [InlineData("""{"cpu":"1"}""", """{"cpu":"one"}""", "spec.template.spec.containers[app].resources.limits.cpu is \"one\", DM applied \"1\"")]
    public void Resource_quantities_compare_by_value(string desiredLimits, string liveLimits, string? drift) =>
        Assert.Equal(drift, Find(Container("""{"name":"app","resources":{"limits":""" + desiredLimits + "}}"), Container("""{"name":"app","resources":{"limits":""" + liveLimits + "}}")));

    [Theory]
    [InlineData("""{"spec":{"resources":{"requests":{"storage":"1024Mi"}}}}""", """{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}""")] // a PVC
    [InlineData("""{"spec":{"hard":{"requests.cpu":"2000m","pods":"10"}}}""", """{"spec":{"hard":{"requests.cpu":"2","pods":"10"}}}""")] // a ResourceQuota
    [InlineData("""{"spec":{"limits":[{"type":"Container","max":{"cpu":"1000m"},"defaultRequest":{"memory":"0.5Gi"}}]}}""", """{"spec":{"limits":[{"type":"Container","max":{"cpu":"1"},"defaultRequest":{"memory":"512Mi"}}]}}""")] // a LimitRange
    [InlineData("""{"spec":{"volumes":[{"name":"tmp","emptyDir":{"sizeLimit":"1000Mi"}}]}}""", """{"spec":{"volumes":[{"name":"tmp","emptyDir":{"sizeLimit":"1000Mi"}}]}}""")]
    [InlineData("""{"spec":{"volumes":[{"name":"tmp","emptyDir":{"sizeLimit":"0.5Gi"}}]}}""", """{"spec":{"volumes":[{"name":"tmp","emptyDir":{"sizeLimit":"512Mi"}}]}}""")]
    [InlineData("""{"spec":{"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"1000Mi"}}}]}}""", """{"spec":{"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"1000Mi"}}}]}}""")]
    [InlineData("""{"spec":{"metrics":[{"type":"Pods","pods":{"target":{"type":"Value","value":"0.5"}}}]}}""", """{"spec":{"metrics":[{"type":"Pods","pods":{"target":{"type":"Value","value":"500m"}}}]}}""")]
    public void Quantities_compare_by_value_wherever_the_server_keeps_them(string desired, string live) =>
        Assert.Null(Find(desired, live));

    [Theory]
    [InlineData("""{"metadata":{"labels":{"version":"1.10"}}}""", """{"metadata":{"labels":{"version":"1.1"}}}""", "metadata.labels.version is \"1.1\", DM applied \"1.10\"")]
    [InlineData("""{"data":{"version":"1.10"}}""", """{"data":{"version":"1.1"}}""", "data.version is \"1.1\", DM applied \"1.10\"")]
    [InlineData("""{"data":{"size":"1000m"}}""", """{"data":{"size":"1"}}""", "data.size is \"1\", DM applied \"1000m\"")]
    [InlineData("""{"spec":{"replicas":2}}""", """{"spec":{"replicas":"2"}}""", "spec.replicas is \"2\", DM applied 2")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:1.10"}]}}}}""", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:1.1"}]}}}}""", "spec.template.spec.containers[app].image is \"app:1.1\", DM applied \"app:1.10\"")]
    [InlineData("""{"spec":{"limits":[{"type":"1.10"}]}}""", """{"spec":{"limits":[{"type":"1.1"}]}}""", "spec.limits[0].type is \"1.1\", DM applied \"1.10\"")]
    [InlineData("""{"spec":{"limits":{"version":"1.10"}}}""", """{"spec":{"limits":{"version":"1.1"}}}""", "spec.limits.version is \"1.1\", DM applied \"1.10\"")] // a custom resource's own "limits" map
    [InlineData("""{"spec":{"config":{"requests":{"max":"1000m"}}}}""", """{"spec":{"config":{"requests":{"max":"1"}}}}""", "spec.config.requests.max is \"1\", DM applied \"1000m\"")]
    public void Values_outside_quantity_fields_compare_as_written(string desired, string live, string drift) =>
        Assert.Equal(drift, Find(desired, live));

    [Fact]
    public void Items_other_managers_add_to_keyed_lists_are_no_drift()
    {
        var desired = Container("""{"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":8080}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}""");

        // 1. kubectl set env added C (in front, even); the server defaulted the port's protocol.
        Assert.Null(Find(desired, Container("""{"name":"app","image":"app:1","env":[{"name":"C","value":"3"},{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":8080,"protocol":"TCP"}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}""")));

        // 2. An injector added a sidecar container, a port and a mount.
        Assert.Null(Find(desired, Container(
            """{"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":8080,"protocol":"TCP"},{"containerPort":9090,"protocol":"TCP"}],"volumeMounts":[{"name":"tls","mountPath":"/tls"},{"name":"data","mountPath":"/data"}]}""",
            """{"name":"proxy","image":"envoy:1"}""")));

        // 3. A value DM applied changed, or an item DM applied is gone: drift, named by key.
        Assert.Equal(
            "spec.template.spec.containers[app].env[B].value is \"9\", DM applied \"2\"",
            Find(desired, Container("""{"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"9"},{"name":"C","value":"3"}],"ports":[{"containerPort":8080}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}""")));
        Assert.Equal(
            "spec.template.spec.containers[app].env[A] is absent, DM applied a map",
            Find(desired, Container("""{"name":"app","image":"app:1","env":[{"name":"B","value":"2"}],"ports":[{"containerPort":8080}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}""")));
        Assert.Equal(
            "spec.template.spec.containers[app].ports[8080/TCP] is absent, DM applied a map",
            Find(desired, Container("""{"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":8080,"protocol":"UDP"}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}""")));
        Assert.Equal(
            "spec.template.spec.containers[app] is absent, DM applied a map",
            Find(desired, Container("""{"name":"other","image":"app:1"}""")));
    }

    [Fact]
    public void A_keyed_item_the_live_object_holds_twice_is_drift()
    {
        // Someone appended a second FOO (the server keeps both; the kubelet takes the last one).
        var desired = Container("""{"name":"app","image":"app:1","env":[{"name":"FOO","value":"1"}]}""");
        var live = Container("""{"name":"app","image":"app:1","env":[{"name":"FOO","value":"1"},{"name":"FOO","value":"evil"}]}""");

        Assert.Equal("spec.template.spec.containers[app].env[FOO] appears 2 times, DM applied it once", Find(desired, live));
    }

    [Theory]
    [InlineData("""{"spec":{"ports":[{"port":80}]}}""", """{"spec":{"ports":[{"port":9000,"protocol":"TCP","targetPort":9000},{"port":80,"protocol":"TCP","targetPort":80}]}}""", null)] // a Service's ports, by port and protocol
    [InlineData("""{"metadata":{"finalizers":["dm/keep"]}}""", """{"metadata":{"finalizers":["other/x","dm/keep"]}}""", null)]
    [InlineData("""{"metadata":{"finalizers":["dm/keep"]}}""", """{"metadata":{"finalizers":["other/x"]}}""", "metadata.finalizers[dm/keep] is absent, DM applied \"dm/keep\"")]
    [InlineData("""{"spec":{"imagePullSecrets":[{"name":"reg"}]}}""", """{"spec":{"imagePullSecrets":[{"name":"other"},{"name":"reg"}]}}""", null)]
    public void Keyed_lists_of_other_kinds_match_by_key(string desired, string live, string? drift) =>
        Assert.Equal(drift, Find(desired, live));

    [Theory]
    [InlineData("""{"args":["--a","--b"]}""", """{"args":["--a","--b","--c"]}""", "spec.template.spec.containers[app].args is a list of 3, DM applied a list of 2")]
    [InlineData("""{"args":["--a","--b"]}""", """{"args":["--b","--a"]}""", "spec.template.spec.containers[app].args[0] is \"--b\", DM applied \"--a\"")]
    [InlineData("""{"command":["run"]}""", """{"command":["run","--debug"]}""", "spec.template.spec.containers[app].command is a list of 2, DM applied a list of 1")]
    [InlineData("""{"envFrom":[{"configMapRef":{"name":"a"}}]}""", """{"envFrom":[{"configMapRef":{"name":"a"}},{"secretRef":{"name":"b"}}]}""", "spec.template.spec.containers[app].envFrom is a list of 2, DM applied a list of 1")]
    public void Atomic_lists_compare_exactly(string desiredFields, string liveFields, string drift) =>
        Assert.Equal(drift, Find(Container($$"""{"name":"app",{{desiredFields[1..^1]}}}"""), Container($$"""{"name":"app",{{liveFields[1..^1]}}}""")));

    [Fact]
    public void Rule_ports_of_a_NetworkPolicy_are_atomic()
    {
        const string Desired = """{"spec":{"ingress":[{"ports":[{"port":80,"protocol":"TCP"}]}]}}""";
        Assert.Equal(
            "spec.ingress[0].ports is a list of 2, DM applied a list of 1",
            Find(Desired, """{"spec":{"ingress":[{"ports":[{"port":80,"protocol":"TCP"},{"port":22,"protocol":"TCP"}]}]}}"""));
    }

    private static string Secret(string fields) =>
        """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"}""" + (fields.Length > 2 ? "," + fields[1..^1] : string.Empty) + "}";

    private static string Container(params string[] containers) =>
        """{"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":{"containers":[""" + string.Join(',', containers) + "]}}}}";
}
