using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// The rules of a write, as pure functions: the name and namespace must agree with the URL, what a new object's
/// metadata becomes, what an update keeps from the old object, when the generation moves and when a write changes nothing.
/// </summary>
internal static class WriteRules
{
    /// <summary>A body whose name or namespace contradicts the URL is refused.</summary>
    public static void CheckIdentity(ApiResourceType type, string ns, string name, JsonObject body)
    {
        var bodyName = Json.Str(body, "metadata", "name");
        if (bodyName is not null && bodyName != name)
        {
            throw new MalformedRequestException($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var bodyNamespace = Json.Str(body, "metadata", "namespace");
        if (type.Namespaced && !string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw new MalformedRequestException("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    public static void Prepare(ApiResourceType type, string ns, JsonObject body)
    {
        var metadata = Json.Obj(body, "metadata");
        var bodyNamespace = Json.Str(metadata, "namespace");
        if (type.Namespaced)
        {
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                throw new MalformedRequestException("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        body["apiVersion"] = type.GroupVersion;
        body["kind"] = type.Kind;
        metadata.Remove("resourceVersion");
        metadata.Remove("managedFields");
    }

    /// <summary>Builds the new object of an update: the body for the main resource (keeping status), or only the status.</summary>
    public static JsonObject MergeUpdate(ApiResourceType type, JsonObject old, JsonObject body, string? subresource)
    {
        JsonObject updated;
        if (subresource == "status")
        {
            updated = (JsonObject)old.DeepClone();
            updated["status"] = body["status"]?.DeepClone();
        }
        else
        {
            updated = (JsonObject)body.DeepClone();
            if (type.HasStatus)
            {
                updated["status"] = old["status"]?.DeepClone();
            }

            var metadata = Json.Obj(updated, "metadata");
            foreach (var key in new[] { "uid", "creationTimestamp", "generation", "namespace", "deletionTimestamp" })
            {
                metadata[key] = old["metadata"]?[key]?.DeepClone();
            }
        }

        updated["apiVersion"] = type.GroupVersion;
        updated["kind"] = type.Kind;
        return updated;
    }

    /// <summary>Whether the update changes nothing but the resourceVersion and managed fields' times (then nothing is written).</summary>
    public static bool SameContent(JsonObject old, JsonObject updated) => JsonNode.DeepEquals(Strip(old), Strip(updated));

    /// <summary>Whether anything outside metadata and status changed (a change bumps the generation).</summary>
    public static bool SpecChanged(JsonObject old, JsonObject updated)
    {
        foreach (var key in old.Select(p => p.Key).Union(updated.Select(p => p.Key)))
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }

            if (!JsonNode.DeepEquals(old[key], updated[key]))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonObject Strip(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("resourceVersion");
            if (metadata["managedFields"] is JsonArray fields)
            {
                foreach (var entry in fields.OfType<JsonObject>())
                {
                    entry.Remove("time");
                }
            }
        }

        return copy;
    }
}
