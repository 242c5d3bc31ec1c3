namespace Dm.Aggregator.Tests;

/// <summary>The parts of a problem+json answer the tests check.</summary>
internal sealed record Problem(int Status, string? Title, string? Detail);
