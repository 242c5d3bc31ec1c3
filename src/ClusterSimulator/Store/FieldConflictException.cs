namespace Dm.ClusterSimulator.Store;

/// <summary>A server-side apply without force that would change fields other managers own.</summary>
internal sealed class FieldConflictException(IReadOnlyList<FieldConflict> conflicts) : StoreException(Describe(conflicts))
{
    public IReadOnlyList<FieldConflict> Conflicts { get; } = conflicts;

    private static string Describe(IReadOnlyList<FieldConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner}: {conflicts[0].Field}";
        }

        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(c => c.Owner).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with {group.Key}:");
            lines.AddRange(group.Select(c => "- " + c.Field));
        }

        return $"Apply failed with {conflicts.Count} conflicts: {string.Join('\n', lines)}";
    }
}
