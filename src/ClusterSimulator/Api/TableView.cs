using System.Globalization;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;

namespace Dm.ClusterSimulator.Api;

/// <summary>
/// Server-side printing (<c>meta.k8s.io/v1 Table</c>), which <c>kubectl get</c> asks for, with the columns kubectl shows
/// against a real cluster for the common kinds and NAME/AGE for the rest.
/// </summary>
internal static class TableView
{
    public static bool Wanted(string? accept) => accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Build(ApiResourceType type, IEnumerable<StoredObject> objects, string resourceVersion, string? continueToken, string? includeObject, DateTimeOffset now)
    {
        var rows = new JsonArray();
        foreach (var stored in objects)
        {
            var obj = stored.ToJson();
            var row = new JsonObject { ["cells"] = new JsonArray([.. Cells(type, obj, now)]) };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => obj,
                _ => new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = obj["metadata"]?.DeepClone() },
            };
            rows.Add(row);
        }

        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        var columns = new JsonArray();
        foreach (var (name, kind, priority) in Columns(type))
        {
            columns.Add(new JsonObject
            {
                ["name"] = name,
                ["type"] = kind,
                ["format"] = name == "Name" ? "name" : string.Empty,
                ["description"] = name,
                ["priority"] = priority,
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    private static IEnumerable<(string Name, string Type, int Priority)> Columns(ApiResourceType type) => Key(type) switch
    {
        "apps/Deployment" => [("Name", "string", 0), ("Ready", "string", 0), ("Up-to-date", "integer", 0), ("Available", "integer", 0), ("Age", "string", 0), ("Containers", "string", 1), ("Images", "string", 1)],
        "apps/ReplicaSet" => [("Name", "string", 0), ("Desired", "integer", 0), ("Current", "integer", 0), ("Ready", "integer", 0), ("Age", "string", 0), ("Containers", "string", 1), ("Images", "string", 1)],
        "apps/StatefulSet" => [("Name", "string", 0), ("Ready", "string", 0), ("Age", "string", 0), ("Containers", "string", 1), ("Images", "string", 1)],
        "apps/DaemonSet" => [("Name", "string", 0), ("Desired", "integer", 0), ("Current", "integer", 0), ("Ready", "integer", 0), ("Up-to-date", "integer", 0), ("Available", "integer", 0), ("Age", "string", 0)],
        "batch/Job" => [("Name", "string", 0), ("Status", "string", 0), ("Completions", "string", 0), ("Age", "string", 0), ("Containers", "string", 1), ("Images", "string", 1)],
        "/Pod" => [("Name", "string", 0), ("Ready", "string", 0), ("Status", "string", 0), ("Restarts", "string", 0), ("Age", "string", 0), ("IP", "string", 1), ("Node", "string", 1)],
        "/Service" => [("Name", "string", 0), ("Type", "string", 0), ("Cluster-IP", "string", 0), ("External-IP", "string", 0), ("Port(s)", "string", 0), ("Age", "string", 0)],
        "/Namespace" => [("Name", "string", 0), ("Status", "string", 0), ("Age", "string", 0)],
        "/ConfigMap" => [("Name", "string", 0), ("Data", "integer", 0), ("Age", "string", 0)],
        "/Secret" => [("Name", "string", 0), ("Type", "string", 0), ("Data", "integer", 0), ("Age", "string", 0)],
        "/Node" => [("Name", "string", 0), ("Status", "string", 0), ("Roles", "string", 0), ("Age", "string", 0), ("Version", "string", 0)],
        "/Event" => [("Last Seen", "string", 0), ("Type", "string", 0), ("Reason", "string", 0), ("Object", "string", 0), ("Message", "string", 0), ("Name", "string", 1)],
        _ => [("Name", "string", 0), ("Age", "string", 0)],
    };

    private static IEnumerable<JsonNode?> Cells(ApiResourceType type, JsonObject obj, DateTimeOffset now)
    {
        var name = Json.Str(obj, "metadata", "name");
        var age = Age(Json.Str(obj, "metadata", "creationTimestamp"), now);
        var status = obj["status"];
        long N(string field) => Json.Int(status, field) ?? 0;
        var containers = (obj["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var containerNames = string.Join(',', containers.Select(c => Json.Str(c, "name")));
        var images = string.Join(',', containers.Select(c => Json.Str(c, "image")));
        return Key(type) switch
        {
            "apps/Deployment" => [name, $"{N("readyReplicas")}/{Json.Int(obj, "spec", "replicas") ?? 1}", N("updatedReplicas"), N("availableReplicas"), age, containerNames, images],
            "apps/ReplicaSet" => [name, Json.Int(obj, "spec", "replicas") ?? 1, N("replicas"), N("readyReplicas"), age, containerNames, images],
            "apps/StatefulSet" => [name, $"{N("readyReplicas")}/{Json.Int(obj, "spec", "replicas") ?? 1}", age, containerNames, images],
            "apps/DaemonSet" => [name, N("desiredNumberScheduled"), N("currentNumberScheduled"), N("numberReady"), N("updatedNumberScheduled"), N("numberAvailable"), age],
            "batch/Job" => [name, JobStatus(status), $"{N("succeeded")}/{Json.Int(obj, "spec", "completions") ?? 1}", age, containerNames, images],
            "/Pod" => PodCells(obj, name, age),
            "/Service" => [name, Json.Str(obj, "spec", "type") ?? "ClusterIP", Json.Str(obj, "spec", "clusterIP") ?? "<none>", "<none>", Ports(obj), age],
            "/Namespace" => [name, Json.Str(status, "phase") ?? "Active", age],
            "/ConfigMap" => [name, (obj["data"] as JsonObject)?.Count ?? 0 + ((obj["binaryData"] as JsonObject)?.Count ?? 0), age],
            "/Secret" => [name, Json.Str(obj, "type") ?? "Opaque", (obj["data"] as JsonObject)?.Count ?? 0, age],
            "/Node" => [name, "Ready", "<none>", age, Json.Str(status, "nodeInfo", "kubeletVersion") ?? string.Empty],
            "/Event" =>
            [
                Age(Json.Str(obj, "lastTimestamp") ?? Json.Str(obj, "metadata", "creationTimestamp"), now),
                Json.Str(obj, "type"),
                Json.Str(obj, "reason"),
                $"{Json.Str(obj, "involvedObject", "kind")?.ToLowerInvariant()}/{Json.Str(obj, "involvedObject", "name")}",
                Json.Str(obj, "message"),
                name,
            ],
            _ => [name, age],
        };
    }

    private static string Key(ApiResourceType type) => $"{type.Group}/{type.Kind}";

    private static JsonNode?[] PodCells(JsonObject pod, string? name, string age)
    {
        var statuses = (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var total = (pod["spec"]?["containers"] as JsonArray)?.Count ?? statuses.Count;
        var ready = statuses.Count(s => s["ready"]?.GetValue<bool>() == true);
        var waiting = statuses.Select(s => Json.Str(s, "state", "waiting", "reason")).FirstOrDefault(r => r is not null);
        var terminated = statuses.Select(s => Json.Str(s, "state", "terminated", "reason")).FirstOrDefault(r => r is not null);
        var phase = Json.Str(pod, "status", "phase") ?? "Pending";
        var shown = waiting ?? terminated ?? phase;
        var restarts = statuses.Sum(s => Json.Int(s, "restartCount") ?? 0);
        return [name, $"{ready}/{total}", shown, restarts.ToString(CultureInfo.InvariantCulture), age, Json.Str(pod, "status", "podIP") ?? "<none>", Json.Str(pod, "spec", "nodeName") ?? "<none>"];
    }

    private static string JobStatus(JsonNode? status)
    {
        var conditions = (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (conditions.Any(c => Json.Str(c, "type") == "Complete" && Json.Str(c, "status") == "True"))
        {
            return "Complete";
        }

        return conditions.Any(c => Json.Str(c, "type") == "Failed" && Json.Str(c, "status") == "True") ? "Failed" : "Running";
    }

    private static string Ports(JsonObject service)
    {
        var ports = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => $"{Json.Int(p, "port")}/{Json.Str(p, "protocol") ?? "TCP"}")
            .ToList();
        return ports.Count == 0 ? "<none>" : string.Join(',', ports);
    }

    /// <summary>kubectl's human duration: 45s, 3m20s, 15m, 2h5m, 30h, 3d4h, 40d, 2y.</summary>
    internal static string Age(string? created, DateTimeOffset now)
    {
        if (created is null || !DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return "<unknown>";
        }

        var d = now - at;
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }

        var seconds = (long)d.TotalSeconds;
        var minutes = (long)d.TotalMinutes;
        var hours = (long)d.TotalHours;
        return seconds switch
        {
            < 120 => $"{seconds}s",
            _ when minutes < 10 => seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s",
            _ when minutes < 180 => $"{minutes}m",
            _ when hours < 8 => minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m",
            _ when hours < 48 => $"{hours}h",
            _ when hours < 192 => hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h",
            _ when hours < 24 * 730 => $"{hours / 24}d",
            _ => $"{hours / 24 / 365}y",
        };
    }
}
