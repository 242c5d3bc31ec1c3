namespace Dm.Status;

/// <summary>What a transition's evaluation did (issue 5).</summary>
public enum TransitionResult
{
    /// <summary>Versions were promoted in a commit.</summary>
    Promoted,

    /// <summary>Preconditions held but source and target already agree.</summary>
    NoChange,

    /// <summary>A lock, window, failed source or pending approval stops it; <see cref="TransitionRun.Reason"/> says which.</summary>
    Blocked,

    /// <summary>Not due (schedule) or not applicable this round.</summary>
    Skipped,

    /// <summary>The evaluation itself failed (repo error, push kept failing); retried next round.</summary>
    Error,
}
