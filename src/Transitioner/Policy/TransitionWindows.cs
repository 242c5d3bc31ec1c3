using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Transitioner.Policy;

/// <summary>
/// Allow/deny windows like Argo CD's sync windows: each opens at its cron fire times for its duration; promotions happen
/// only inside an allow window (when any allow window exists) and never inside a deny window.
/// </summary>
public static class TransitionWindows
{
    public static WindowState Evaluate(IReadOnlyList<(TransitionWindow Window, CronSchedule Cron)> windows, DateTimeOffset now)
    {
        if (windows.Count == 0)
        {
            return new WindowState(true, null, "no windows", null);
        }

        DateTimeOffset? nextEdge = null;
        var hasAllow = false;
        var allowOpen = false;
        string? openDeny = null;
        DateTimeOffset? nextAllowOpen = null;
        foreach (var (window, cron) in windows)
        {
            var opened = cron.NextAfter(now - window.Duration);
            var open = opened is not null && opened <= now;
            var nextOpen = cron.NextAfter(now);
            nextEdge = Min(nextEdge, nextOpen);
            if (open)
            {
                nextEdge = Min(nextEdge, opened!.Value + window.Duration);
            }

            if (window.Kind == TransitionWindowKind.Allow)
            {
                hasAllow = true;
                allowOpen |= open;
                nextAllowOpen = Min(nextAllowOpen, nextOpen);
            }
            else if (open)
            {
                openDeny ??= $"deny window \"{window.Schedule}\" ({Describe(window.Duration)}) is open until {Format(opened!.Value + window.Duration)}";
            }
        }

        if (openDeny is not null)
        {
            return new WindowState(false, Reasons.InDenyWindow, openDeny, nextEdge);
        }

        if (hasAllow && !allowOpen)
        {
            var when = nextAllowOpen is { } next ? $"; the next opens at {Format(next)}" : "; none opens again";
            return new WindowState(false, Reasons.OutsideWindow, "outside every allow window" + when, nextEdge);
        }

        return new WindowState(true, null, hasAllow ? "inside an allow window" : "outside every deny window", nextEdge);
    }

    internal static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    internal static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan duration) => System.Xml.XmlConvert.ToString(duration);
}
