using Dm.Domain;

namespace Dm.ResourceRepo;

/// <summary>
/// Something in the resource repo DM cannot use. <see cref="Message"/> is self-contained and user-facing
/// (<c>dev/base/web.yaml:12:16: placeholder ${image} has no value in dev/version/web.yaml</c>).
/// </summary>
/// <param name="File">Repo-relative path of the file at fault.</param>
/// <param name="Line">1-based line, 0 when the error is about the whole file.</param>
/// <param name="Column">1-based column, 0 when unknown.</param>
/// <param name="KeyPath">Dotted key path inside the file (<c>deployers.dev.namespace</c>), or null.</param>
/// <param name="Environment">Environment the error belongs to, or null for root files.</param>
/// <param name="Resource">Resource the error belongs to, or null.</param>
/// <param name="Reason">One of <see cref="Reasons"/>.</param>
/// <param name="Message">Human message naming file, position and reason.</param>
public sealed record RepoError(
    string File,
    int Line,
    int Column,
    string? KeyPath,
    string? Environment,
    string? Resource,
    string Reason,
    string Message)
{
    private const string DeployersPrefix = "deployers.";

    /// <summary>
    /// The environment this error concerns where it can be told: <see cref="Environment"/>, or for an error under
    /// <c>deployers.&lt;env&gt;</c> in deployers.yaml that environment (<c>deployers.dev.namespace</c> gives <c>dev</c>).
    /// Null when the error concerns no single valid environment (an unreadable deployers.yaml, an invalid environment name).
    /// </summary>
    public string? AffectedEnvironment
    {
        get
        {
            if (Environment is not null)
            {
                return Environment;
            }

            if (File != RootFiles.DeployersFile || KeyPath is null || !KeyPath.StartsWith(DeployersPrefix, StringComparison.Ordinal))
            {
                return null;
            }

            var rest = KeyPath[DeployersPrefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var env = dot < 0 ? rest : rest[..dot];

            // An invalid name is reported on the name itself ("deployers.a.b" for the name "a.b"), not on one of its keys.
            var invalidName = Reason == Reasons.InvalidName && (dot < 0 || rest[(dot + 1)..] != "namespace");
            return RepoNames.IsDnsLabel(env) && !invalidName ? env : null;
        }
    }

    public override string ToString() => $"{Reason}: {Message}";
}
