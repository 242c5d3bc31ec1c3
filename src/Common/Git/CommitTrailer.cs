namespace Dm.Git;

/// <summary>One trailer line at the end of a commit message, e.g. <c>DM-Transition: prod</c>.</summary>
public sealed record CommitTrailer(string Key, string Value);
