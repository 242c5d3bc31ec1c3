namespace Dm.ResourceRepo;

/// <summary>Why something is locked: a plain string in cautious-tribble's files, optionally with who, when and until when.</summary>
public sealed record LockReason(string Reason, string? By, DateTimeOffset? At, DateTimeOffset? Expires);
