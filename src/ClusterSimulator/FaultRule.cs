namespace Dm.ClusterSimulator;

/// <summary>
/// Fails a share of matching requests. <paramref name="Verb"/> is an HTTP method (<c>GET</c>, <c>PATCH</c>, ...) or null
/// for any; <paramref name="PathPattern"/> is a glob over the request path where <c>*</c> matches any characters
/// (e.g. <c>/apis/apps/v1/*</c>); <paramref name="Rate"/> is the share failed, 0..1. A 429 or 503 answer carries a
/// <c>Retry-After</c> header of <paramref name="RetryAfterSeconds"/>.
/// </summary>
public sealed record FaultRule(string? Verb, string PathPattern, double Rate, int StatusCode = 500, int RetryAfterSeconds = 1);
