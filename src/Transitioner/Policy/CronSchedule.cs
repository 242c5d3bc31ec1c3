using Quartz;

namespace Dm.Transitioner.Policy;

/// <summary>A Quartz cron expression in a time zone: the fire time after an instant.</summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, string text)
    {
        _expression = expression;
        Text = text;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="expression"/> in <paramref name="timezone"/> (UTC when null); on failure <paramref name="error"/> says why.</summary>
    public static CronSchedule? TryParse(string expression, string? timezone, string what, out string? error)
    {
        TimeZoneInfo zone = TimeZoneInfo.Utc;
        if (timezone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out zone!))
        {
            error = $"{what}: time zone \"{timezone}\" is not known (use an IANA id such as Europe/Berlin)";
            return null;
        }

        try
        {
            var cron = new CronExpression(expression, zone);
            error = null;
            return new CronSchedule(cron, expression);
        }
        catch (FormatException ex)
        {
            error = $"{what}: \"{expression}\" is not a Quartz cron expression: {ex.Message}";
            return null;
        }
    }

    /// <summary>The first fire time strictly after <paramref name="instant"/>, or null when the schedule never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) => _expression.GetNextValidTimeAfter(instant);
}
