using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// Server-side apply over managed fields: the applied configuration is merged into the live object, fields other
/// managers own and this one changes are conflicts (taken over with force), and fields this manager applied before and
/// no longer applies are removed unless another manager shares them. Every other write records its changed fields
/// through <see cref="RecordUpdate"/>.
/// </summary>
internal static class ServerSideApply
{
    /// <summary>
    /// The object after <paramref name="manager"/> applies <paramref name="applied"/> to <paramref name="live"/> (a
    /// skeleton with apiVersion, kind, name and namespace when the object is new), and the managed fields entries to store
    /// with it. Throws <see cref="FieldConflictException"/> when fields of other managers would change and
    /// <paramref name="force"/> is off.
    /// </summary>
    public static (JsonObject Merged, List<ManagedFieldsEntry> ManagedFields) Apply(
        ApiResourceType type, JsonObject live, JsonObject applied, string manager, bool force, string? subresource, string now)
    {
        var config = (JsonObject)applied.DeepClone();
        config.Remove("apiVersion");
        config.Remove("kind");
        if (subresource == "status")
        {
            foreach (var key in config.Select(p => p.Key).Where(k => k is not ("status" or "metadata")).ToList())
            {
                config.Remove(key);
            }
        }
        else if (type.HasStatus)
        {
            config.Remove("status");
        }

        var entries = ManagedFieldsEntry.Read(live);
        var fields = FieldSet.Of(config);
        if (subresource == "status")
        {
            fields.RemoveWhere(p => !p.StartsWith("f:status", StringComparison.Ordinal));
        }

        var conflicts = Conflicts(live, config, fields, entries, manager);
        if (conflicts.Count > 0 && !force)
        {
            throw new FieldConflictException([.. conflicts.Select(c => new FieldConflict(FieldSet.Render(c.Path), c.Owner.Describe()))]);
        }

        foreach (var (path, owner) in conflicts)
        {
            owner.Fields.Remove(path);
        }

        var mine = entries.FirstOrDefault(e => e.IsSame(manager, "Apply", subresource));
        var previouslyOwned = mine?.Fields ?? [];
        var result = (JsonObject)live.DeepClone();
        Patches.ApplyMerge(result, config);
        foreach (var path in previouslyOwned.Where(p => !fields.Contains(p)).OrderBy(p => p.EndsWith('.') ? 0 : 1).ThenBy(p => p.Length))
        {
            var prefix = path.EndsWith('.') ? path[..^1] : path;
            if (!entries.Any(e => e != mine && e.Fields.Any(f => f.StartsWith(prefix, StringComparison.Ordinal))))
            {
                FieldSet.Remove(result, path);
            }
        }

        if (mine is null)
        {
            mine = new ManagedFieldsEntry { Manager = manager, Operation = "Apply", ApiVersion = type.GroupVersion, Subresource = subresource, Fields = [] };
            entries.Add(mine);
        }

        mine.Fields.Clear();
        mine.Fields.UnionWith(fields);
        mine.ApiVersion = Json.Str(applied, "apiVersion") ?? type.GroupVersion;
        mine.Time = now;
        result["apiVersion"] = type.GroupVersion;
        result["kind"] = type.Kind;
        return (result, entries);
    }

    /// <summary>The fields of <paramref name="config"/> that other managers own with another value in <paramref name="live"/>.</summary>
    private static List<(string Path, ManagedFieldsEntry Owner)> Conflicts(JsonObject live, JsonObject config, HashSet<string> fields, List<ManagedFieldsEntry> entries, string manager)
    {
        var conflicts = new List<(string Path, ManagedFieldsEntry Owner)>();
        foreach (var entry in entries.Where(e => e.Manager != manager))
        {
            foreach (var path in entry.Fields.Where(fields.Contains))
            {
                if (path.EndsWith('.'))
                {
                    continue;
                }

                FieldSet.TryGet(live, path, out var liveValue);
                FieldSet.TryGet(config, path, out var appliedValue);
                if (!JsonNode.DeepEquals(liveValue, appliedValue))
                {
                    conflicts.Add((path, entry));
                }
            }
        }

        return conflicts;
    }

    /// <summary>
    /// Records an update (create, PUT, patch, a controller's write) in the managed fields: the fields it changed move to
    /// <paramref name="manager"/>'s entry for <paramref name="operation"/>, and every entry forgets fields the object no
    /// longer has.
    /// </summary>
    public static void RecordUpdate(JsonObject? old, JsonObject updated, string manager, string operation, string? subresource, string apiVersion, string now)
    {
        var entries = old is null ? [] : ManagedFieldsEntry.Read(old);
        var fields = FieldSet.Of(updated);
        var scoped = subresource == "status"
            ? fields.Where(p => p.StartsWith("f:status", StringComparison.Ordinal))
            : fields.Where(p => !p.StartsWith("f:status", StringComparison.Ordinal) || old is null);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in scoped)
        {
            if (old is null || !FieldSet.TryGet(old, path, out var before) || !FieldSet.TryGet(updated, path, out var after) || !JsonNode.DeepEquals(before, after))
            {
                changed.Add(path);
            }
        }

        foreach (var entry in entries)
        {
            entry.Fields.IntersectWith(fields);
            if (!entry.IsSame(manager, operation, subresource))
            {
                entry.Fields.ExceptWith(changed);
            }
        }

        var mine = entries.FirstOrDefault(e => e.IsSame(manager, operation, subresource));
        if (mine is null && changed.Count > 0)
        {
            mine = new ManagedFieldsEntry { Manager = manager, Operation = operation, ApiVersion = apiVersion, Subresource = subresource, Fields = [] };
            entries.Add(mine);
        }

        if (mine is not null && changed.Count > 0)
        {
            mine.Fields.UnionWith(changed);
            mine.Time = now;
        }

        Json.Obj(updated, "metadata")["managedFields"] = ManagedFieldsEntry.Write(entries);
    }
}
