namespace Dm.Kubernetes;

/// <summary>
/// Server-side apply parameters: the field manager that owns the applied fields, whether to take fields owned by
/// another manager (<c>force</c>), and dry-run (<c>dryRun=All</c>: validated and defaulted, nothing stored).
/// </summary>
public sealed record ApplyOptions(string FieldManager, bool Force = false, bool DryRun = false);
