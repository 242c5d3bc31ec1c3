namespace Dm.ResourceRepo;

/// <summary>A placeholder that could not be substituted: <see cref="Key"/> has no value, or the placeholder is malformed.</summary>
internal sealed record PlaceholderProblem(string Placeholder, string? Key, int Line, int Column);
