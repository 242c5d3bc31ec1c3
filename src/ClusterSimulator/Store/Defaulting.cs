using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// The defaults the real API server fills in that clients and kubectl rely on (replicas, strategies, pod spec fields,
/// canonical quantities, a Namespace's phase, a CRD's accepted names); Services get cluster IPs in order.
/// Not thread-safe: <see cref="ClusterStore"/> holds its lock around every call.
/// </summary>
internal sealed class Defaulting
{
    private int _nextClusterIp = 10;

    /// <summary>Fills in the defaults of a changed object: workloads and Pods only (a Service keeps what it was given).</summary>
    public void OnUpdate(ApiResourceType type, JsonObject body)
    {
        if (type.Group is "apps" or "batch" || (type.Group.Length == 0 && type.Kind == "Pod"))
        {
            OnCreate(type, body);
        }
    }

    /// <summary>Fills in the defaults of a new object.</summary>
    public void OnCreate(ApiResourceType type, JsonObject body)
    {
        switch (type.Kind)
        {
            case "Namespace" when type.Group.Length == 0:
                body["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                body["status"] = new JsonObject { ["phase"] = "Active" };
                break;
            case "Service" when type.Group.Length == 0:
                var spec = Json.Obj(body, "spec");
                spec["type"] ??= "ClusterIP";
                if (Json.Str(spec, "type") != "ExternalName" && string.IsNullOrEmpty(Json.Str(spec, "clusterIP")))
                {
                    var ip = $"10.96.{_nextClusterIp / 250}.{(_nextClusterIp % 250) + 1}";
                    _nextClusterIp++;
                    spec["clusterIP"] = ip;
                    spec["clusterIPs"] = new JsonArray(ip);
                }

                spec["sessionAffinity"] ??= "None";
                foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                    port["targetPort"] ??= port["port"]?.DeepClone();
                }

                break;
            case "Pod" when type.Group.Length == 0:
                DefaultPodSpec(body["spec"] as JsonObject);
                break;
            case "Deployment" when type.Group == "apps":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                var deploymentSpec = Json.Obj(body, "spec");
                deploymentSpec["replicas"] ??= 1;
                deploymentSpec["progressDeadlineSeconds"] ??= 600;
                deploymentSpec["revisionHistoryLimit"] ??= 10;
                deploymentSpec["strategy"] ??= new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" },
                };
                break;
            case "StatefulSet" when type.Group == "apps":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                var statefulSpec = Json.Obj(body, "spec");
                statefulSpec["replicas"] ??= 1;
                statefulSpec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
                break;
            case "DaemonSet" when type.Group == "apps":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                Json.Obj(body, "spec")["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate" };
                break;
            case "ReplicaSet" when type.Group == "apps":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                Json.Obj(body, "spec")["replicas"] ??= 1;
                break;
            case "Job" when type.Group == "batch":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                var jobSpec = Json.Obj(body, "spec");
                jobSpec["completions"] ??= 1;
                jobSpec["parallelism"] ??= 1;
                jobSpec["backoffLimit"] ??= 6;
                break;
            case "CustomResourceDefinition" when type.Group == "apiextensions.k8s.io":
                body["status"] = new JsonObject
                {
                    ["acceptedNames"] = body["spec"]?["names"]?.DeepClone(),
                    ["conditions"] = new JsonArray(
                        new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                        new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
                    ["storedVersions"] = new JsonArray([.. (body["spec"]?["versions"] as JsonArray ?? []).Select(v => JsonValue.Create(Json.Str(v, "name")))]),
                };
                break;
        }
    }

    private static void DefaultPodSpec(JsonObject? podSpec)
    {
        if (podSpec is null)
        {
            return;
        }

        podSpec["restartPolicy"] ??= "Always";
        podSpec["dnsPolicy"] ??= "ClusterFirst";
        foreach (var container in (podSpec["containers"] as JsonArray ?? []).Concat(podSpec["initContainers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = Json.Str(container, "image") ?? string.Empty;
            container["imagePullPolicy"] ??= image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':', StringComparison.Ordinal) ? "Always" : "IfNotPresent";
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            ResourceQuantities.Canonicalize(container["resources"] as JsonObject);
            foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
            }
        }
    }
}
