namespace Dm.Aggregator.Api;

/// <summary>Body of <c>POST /api/promotions</c>.</summary>
public sealed record PromotionRequest(string? Resource, string? Version, string? Env, string? Reason, bool Force = false);
