namespace Dm.Aggregator.Events;

/// <summary>Event types of <c>GET /api/events</c> (docs/api.md describes each shape).</summary>
public static class EventTypes
{
    /// <summary>The repo head moved: <c>{ revision }</c>.</summary>
    public const string Head = "head";

    /// <summary>One resource in one environment changed: <c>{ resource, environment, cell }</c> (cell null: gone).</summary>
    public const string Resource = "resource";

    /// <summary>An environment's deploy state or lock changed: <c>{ environment }</c> (an <c>EnvironmentView</c>).</summary>
    public const string Environment = "environment";

    /// <summary>A transition's report or approval changed: <c>{ transition }</c> (a <c>TransitionView</c>).</summary>
    public const string Transition = "transition";

    /// <summary>Deployer or transitioner availability changed: <c>{ deployer, deployers, transitioner }</c>.</summary>
    public const string Availability = "availability";

    /// <summary>A new history event: a <c>HistoryEvent</c>.</summary>
    public const string History = "history";

    /// <summary>The set or order of environments changed, or the resume point is gone: reload <c>GET /api/state</c>.</summary>
    public const string Reset = "reset";
}
