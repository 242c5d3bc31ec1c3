namespace Dm.Kubernetes;

/// <summary>
/// A kubeconfig <c>user.exec</c> entry: the credential plugin to run (EKS, GKE and AKS authenticate this way).
/// <paramref name="WorkingDirectory"/> is the folder of the kubeconfig that defined it; a relative command with a
/// path separator is resolved against it, as kubectl does.
/// </summary>
public sealed record ExecCredentialSpec(
    string ApiVersion,
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    string WorkingDirectory,
    bool ProvideClusterInfo,
    string? InstallHint)
{
    /// <summary>Environment values may hold secrets: only the command is shown.</summary>
    public override string ToString() => $"ExecCredentialSpec {{ Command = {Command}, ApiVersion = {ApiVersion} }}";
}
