namespace Dm.GitFixture;

/// <summary>
/// One commit of a fixture: <see cref="Files"/> is the complete tree (path → text), <see cref="Parent"/> names an
/// earlier commit (default: the previous one), <see cref="Name"/> lets tests refer to it.
/// </summary>
public sealed record FixtureCommit(string? Name, string? Message, string? Parent, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>The commit message: the given one, or <c>Commit &lt;name&gt;</c> as cautious-tribble wrote it.</summary>
    public string EffectiveMessage => Message ?? $"Commit {Name ?? "(unnamed)"}";
}
