namespace Dm.Transitioner.Policy;

/// <summary>A resource a promotion moves: its version in the target (null when new there), the version it gets, and the files copied.</summary>
public sealed record ResourceMove(string Resource, string? From, string To, IReadOnlyList<string> RelativePaths);
