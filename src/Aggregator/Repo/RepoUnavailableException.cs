namespace Dm.Aggregator.Repo;

/// <summary>The resource repo has not been opened yet (remote unreachable at start); answered as 503.</summary>
public sealed class RepoUnavailableException : Exception
{
    public RepoUnavailableException()
    {
    }

    public RepoUnavailableException(string message)
        : base(message)
    {
    }

    public RepoUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
