using System.Text.Json.Nodes;

namespace Dm.Kubernetes;

/// <summary>
/// What a watch remembers of each object it yielded, to tell a re-list's differences after 410 Gone: its identity and
/// resourceVersion, not the object (the caller keeps that if it wants it; a second full copy of every object of a kind
/// would double the memory of an informer).
/// </summary>
internal sealed record SeenObject(string? ApiVersion, string? Kind, string? Name, string? Namespace, string? Uid, string? ResourceVersion)
{
    public static SeenObject Of(JsonObject item)
    {
        var metadata = item["metadata"];
        return new SeenObject((string?)item["apiVersion"], (string?)item["kind"], (string?)metadata?["name"], (string?)metadata?["namespace"], (string?)metadata?["uid"], (string?)metadata?["resourceVersion"]);
    }

    /// <summary>The object as a Deleted event carries it: type, name, namespace, uid and the last resourceVersion seen.</summary>
    public JsonObject ToObject()
    {
        var metadata = new JsonObject { ["name"] = Name };
        foreach (var (field, value) in new[] { ("namespace", Namespace), ("uid", Uid), ("resourceVersion", ResourceVersion) })
        {
            if (value is not null)
            {
                metadata[field] = value;
            }
        }

        return new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = Kind, ["metadata"] = metadata };
    }
}
