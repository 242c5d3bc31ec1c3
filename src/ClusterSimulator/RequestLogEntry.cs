namespace Dm.ClusterSimulator;

/// <summary>One request the simulator answered.</summary>
public sealed record RequestLogEntry(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    int StatusCode,
    string? FieldManager,
    string? UserAgent)
{
    /// <summary>True for POST, PUT, PATCH and DELETE (dry runs included: check <see cref="Query"/> for <c>dryRun</c>).</summary>
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    public bool IsDryRun => Query.Contains("dryRun=All", StringComparison.Ordinal);
}
