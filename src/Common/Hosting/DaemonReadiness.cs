namespace Dm.Hosting;

/// <summary>What <c>/readyz</c> answers: not ready (with the reason) until the daemon has done its first round.</summary>
public sealed class DaemonReadiness
{
    private volatile string? _notReadyReason = "starting";

    public bool IsReady => _notReadyReason is null;

    public string? NotReadyReason => _notReadyReason;

    public void MarkReady() => _notReadyReason = null;

    public void MarkNotReady(string reason) => _notReadyReason = reason;
}
