using Dm.ResourceRepo;

namespace Dm.Aggregator.State;

/// <summary>A lock: whether it holds now, and all its reasons (expired ones marked).</summary>
public sealed record LockView(bool Locked, IReadOnlyList<LockReasonView> Reasons)
{
    public static LockView? Of(IReadOnlyList<LockReason>? reasons, DateTimeOffset now)
    {
        if (reasons is null || reasons.Count == 0)
        {
            return null;
        }

        var views = reasons.Select(r => new LockReasonView(r.Reason, r.By, r.At, r.Expires, r.Expires is { } e && e <= now)).ToList();
        return new LockView(views.Any(v => !v.Expired), views);
    }
}
