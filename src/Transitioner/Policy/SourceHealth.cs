namespace Dm.Transitioner.Policy;

/// <summary>What the deployer says about the source environment, already compared with the content being promoted.</summary>
public sealed record SourceHealth(SourceHealthKind Kind, string Message)
{
    public static SourceHealth NotRequired { get; } = new(SourceHealthKind.NotRequired, "SourceClean is not a precondition");
}
