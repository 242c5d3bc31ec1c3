namespace Dm.Aggregator.Writes;

/// <summary>The remote moved and the request now means a different commit (message); the writer plans again from the new head.</summary>
internal sealed class PlanChangedException : Exception
{
    public PlanChangedException()
    {
    }

    public PlanChangedException(string message)
        : base(message)
    {
    }

    public PlanChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
