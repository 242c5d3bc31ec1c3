namespace Dm.Aggregator.Auth;

/// <summary>A configured bearer token: who it belongs to (the commit author) and its role.</summary>
public sealed class ApiToken
{
    public string Name { get; set; } = string.Empty;

    public string Token { get; set; } = string.Empty;

    public AggregatorRole Role { get; set; } = AggregatorRole.Viewer;

    public override string ToString() => $"{Name} ({Role})";
}
