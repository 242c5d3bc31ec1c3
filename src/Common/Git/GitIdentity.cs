namespace Dm.Git;

/// <summary>A person or daemon named in a commit (author or committer).</summary>
public sealed record GitIdentity(string Name, string Email)
{
    /// <summary>The identity DM commits as when no other is configured.</summary>
    public static GitIdentity Default { get; } = new("DM", "dm@localhost");
}
