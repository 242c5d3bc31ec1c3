namespace Dm.Deployer.Cli;

/// <summary>
/// What <c>diff</c> found for one environment: <see cref="Text"/> holds the unified diffs and the <c>#</c> comments
/// about differences (prunes, objects shown without a dry-run); <see cref="Errors"/> one line per object the server
/// refused or that could not be compared (<c>Deployment.apps dev/web: spec.replicas: Invalid value ... (422 Invalid)</c>).
/// </summary>
public sealed record EnvironmentDiff(string Text, IReadOnlyList<string> Errors)
{
    public bool Differs => Text.Length > 0;
}
