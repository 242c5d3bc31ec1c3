namespace Dm.ResourceRepo;

/// <summary>One entry of <c>transitions.yaml</c>; <see cref="Priority"/> is its position in the file (0 first).</summary>
/// <param name="Name">Transition name (the key).</param>
/// <param name="Priority">Position in the file; lower runs first.</param>
/// <param name="Source">Environment whose versions are copied.</param>
/// <param name="Target">Environment receiving them.</param>
/// <param name="Preconditions">Checks that must hold before promoting.</param>
/// <param name="Schedule">Quartz cron expression, or null to run whenever possible.</param>
/// <param name="Timezone">Time zone of <see cref="Schedule"/>, or null for UTC.</param>
/// <param name="Windows">Allow/deny windows.</param>
/// <param name="Include">Resource name patterns to promote (empty: all).</param>
/// <param name="Exclude">Resource name patterns never promoted.</param>
/// <param name="VersionFilter">Regular expression a version must match to be promoted, or null.</param>
public sealed record TransitionDefinition(
    string Name,
    int Priority,
    string Source,
    string Target,
    IReadOnlyList<TransitionPrecondition> Preconditions,
    string? Schedule,
    string? Timezone,
    IReadOnlyList<TransitionWindow> Windows,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    string? VersionFilter);
