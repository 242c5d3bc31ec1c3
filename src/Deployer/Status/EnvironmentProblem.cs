namespace Dm.Deployer.Status;

/// <summary>A problem of the environment as a whole in a round (prune or inventory write failed), with its reason.</summary>
public sealed record EnvironmentProblem(string Reason, string Message);
