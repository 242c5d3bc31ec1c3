namespace Dm.Aggregator.Auth;

/// <summary>Values of <see cref="AggregatorOptions.Auth"/>.</summary>
public static class AuthModes
{
    public const string Tokens = "tokens";
    public const string None = "none";
}
