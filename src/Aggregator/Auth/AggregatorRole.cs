namespace Dm.Aggregator.Auth;

/// <summary>What a token may do: viewers read, CI also posts versions, operators do everything.</summary>
public enum AggregatorRole
{
    Viewer,
    Ci,
    Operator,
}
