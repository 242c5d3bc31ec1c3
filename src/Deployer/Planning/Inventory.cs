using System.Text;
using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.Deployer.Planning;

/// <summary>
/// The persisted inventory of an environment: every object DM applied there, stored in the ConfigMap
/// <c>dm-inventory-&lt;env&gt;</c> of the target namespace (key <c>objects</c>, one tab-separated line per object:
/// resource, group, kind, namespace, name, and for a Job the content hash DM ran it at). Prune works
/// from it, never from a label scan.
/// </summary>
public static class Inventory
{
    public const string DataKey = "objects";

    public static string ConfigMapName(string environment) => "dm-inventory-" + environment;

    public static ResourceKey Key(string environment, string @namespace) => new(string.Empty, "ConfigMap", @namespace, ConfigMapName(environment));

    /// <summary>Reads the entries of an inventory ConfigMap (null: none yet). Lines that do not parse are skipped.</summary>
    public static IReadOnlyList<InventoryEntry> Parse(JsonObject? configMap)
    {
        var text = (string?)configMap?["data"]?[DataKey];
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var entries = new List<InventoryEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length is 5 or 6)
            {
                entries.Add(new InventoryEntry(parts[0], new ResourceKey(parts[1], parts[2], parts[3], parts[4]), parts.Length == 6 && parts[5].Length > 0 ? parts[5] : null));
            }
        }

        return entries;
    }

    /// <summary>The text stored for <paramref name="entries"/> (sorted, so an equal set gives equal text).</summary>
    public static string Format(IEnumerable<InventoryEntry> entries)
    {
        var output = new StringBuilder();
        foreach (var entry in entries
            .Distinct()
            .OrderBy(e => e.Key.Group, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Kind, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Name, StringComparer.Ordinal)
            .ThenBy(e => e.Resource, StringComparer.Ordinal))
        {
            output.Append(entry.Resource).Append('\t').Append(entry.Key.Group).Append('\t').Append(entry.Key.Kind).Append('\t')
                .Append(entry.Key.Namespace).Append('\t').Append(entry.Key.Name);
            if (entry.RunHash is { } runHash)
            {
                output.Append('\t').Append(runHash);
            }

            output.Append('\n');
        }

        return output.ToString();
    }

    /// <summary>The ConfigMap manifest holding <paramref name="entries"/>.</summary>
    public static JsonObject Manifest(string environment, string @namespace, IEnumerable<InventoryEntry> entries) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = ConfigMapName(environment),
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "dm-deployer" },
            ["annotations"] = new JsonObject { [DeployerAnnotations.Environment] = environment },
        },
        ["data"] = new JsonObject { [DataKey] = Format(entries) },
    };
}
