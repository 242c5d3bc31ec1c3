namespace Dm.Common.ResourceRepo;

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
/// <param name="Reason">One of <see cref="RepoErrorReasons"/>.</param>
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
    public override string ToString() => $"{Reason}: {Message}";
}
