namespace Dm.ResourceRepo;

/// <summary>A time window opening at each <see cref="Schedule"/> (Quartz cron) for <see cref="Duration"/>.</summary>
public sealed record TransitionWindow(TransitionWindowKind Kind, string Schedule, TimeSpan Duration, string? Timezone);
