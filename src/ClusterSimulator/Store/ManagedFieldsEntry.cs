using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>A mutable working copy of one <c>metadata.managedFields</c> entry.</summary>
internal sealed class ManagedFieldsEntry
{
    public required string Manager { get; init; }

    public required string Operation { get; init; }

    public required string ApiVersion { get; set; }

    public string? Subresource { get; init; }

    public string? Time { get; set; }

    public required HashSet<string> Fields { get; init; }

    public bool IsSame(string manager, string operation, string? subresource)
        => Manager == manager && Operation == operation && (Subresource ?? string.Empty) == (subresource ?? string.Empty);

    public static List<ManagedFieldsEntry> Read(JsonObject obj)
    {
        var result = new List<ManagedFieldsEntry>();
        foreach (var entry in (obj["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            result.Add(new ManagedFieldsEntry
            {
                Manager = Json.Str(entry, "manager") ?? string.Empty,
                Operation = Json.Str(entry, "operation") ?? "Update",
                ApiVersion = Json.Str(entry, "apiVersion") ?? string.Empty,
                Subresource = Json.Str(entry, "subresource"),
                Time = Json.Str(entry, "time"),
                Fields = FieldSet.FromFieldsV1(entry["fieldsV1"] as JsonObject),
            });
        }

        return result;
    }

    public static JsonArray Write(IEnumerable<ManagedFieldsEntry> entries)
    {
        var array = new JsonArray();
        foreach (var entry in entries.Where(e => e.Fields.Count > 0))
        {
            var node = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
                ["time"] = entry.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldSet.ToFieldsV1(entry.Fields),
            };
            if (!string.IsNullOrEmpty(entry.Subresource))
            {
                node["subresource"] = entry.Subresource;
            }

            array.Add(node);
        }

        return array;
    }

    /// <summary>How the API server names a manager in conflict messages.</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (!string.IsNullOrEmpty(Subresource))
        {
            text += $" with subresource \"{Subresource}\"";
        }

        if (Operation == "Update")
        {
            text += Time is null ? $" using {ApiVersion}" : $" using {ApiVersion} at {Time}";
        }

        return text;
    }
}
