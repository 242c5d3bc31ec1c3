namespace Dm.Kubernetes;

/// <summary>Tuning of <see cref="KubernetesRestClient"/>; the defaults suit a daemon.</summary>
public sealed record KubernetesClientOptions
{
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Time allowed for one attempt of a request: until the whole response is read, or for a watch until its headers arrive.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Objects per LIST page when the query does not say.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>The watch asks the server to end each stream after this long (it then resumes), keeping connections fresh.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch stream silent for this long (no event, no bookmark) is considered dead and reopened.</summary>
    public TimeSpan WatchIdleTimeout { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>Time allowed for an exec credential plugin to print its credential.</summary>
    public TimeSpan ExecTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Source of retry jitter (tests pass a seeded one).</summary>
    public Random Random { get; init; } = Random.Shared;
}
