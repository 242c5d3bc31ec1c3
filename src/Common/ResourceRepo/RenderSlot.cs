namespace Dm.ResourceRepo;

/// <summary>A cached rendered resource with the files and flags it was rendered from.</summary>
internal sealed class RenderSlot(ResourceCandidate candidate, bool deployed, RepoResource resource, int generation)
{
    public ResourceCandidate Candidate { get; } = candidate;

    public bool Deployed { get; } = deployed;

    public RepoResource Resource { get; } = resource;

    public int Generation { get; set; } = generation;

    /// <summary>The parse-cache entries of <see cref="Resource"/>'s source files, found once (an entry not found is looked up again).</summary>
    public ParseSlot?[]? Parsed { get; set; }

    public bool Matches(ResourceCandidate candidate, bool deployed) => Deployed == deployed && Candidate.SameFiles(candidate);
}
