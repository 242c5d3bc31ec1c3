namespace Dm.Transitioner.Policy;

/// <summary>The outcome of the <c>SourceClean</c> check.</summary>
public enum SourceHealthKind
{
    /// <summary>The transition has no <c>SourceClean</c> precondition.</summary>
    NotRequired,

    /// <summary>Clean at a revision whose source content equals the head's (or the source is never deployed).</summary>
    Clean,
    Progressing,
    Failed,
    Outdated,
    Unknown,
}
