using System.Text.RegularExpressions;
using Dm.ResourceRepo;

namespace Dm.Transitioner.Policy;

/// <summary>A transition with its schedule, windows, version filter and name patterns parsed; built by <see cref="Compile"/>.</summary>
public sealed record CompiledTransition(
    TransitionDefinition Definition,
    CronSchedule? Schedule,
    IReadOnlyList<(TransitionWindow Window, CronSchedule Cron)> Windows,
    Regex? VersionFilter,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude)
{
    /// <summary>Parses what the definition holds as text; returns null with a precise <paramref name="error"/> when any part is unusable.</summary>
    public static CompiledTransition? Compile(TransitionDefinition definition, out string? error)
    {
        var name = $"transitions.{definition.Name}";
        CronSchedule? schedule = null;
        if (definition.Schedule is not null)
        {
            schedule = CronSchedule.TryParse(definition.Schedule, definition.Timezone, name + ".schedule", out error);
            if (schedule is null)
            {
                return null;
            }
        }
        else if (definition.Timezone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(definition.Timezone, out _))
        {
            error = $"{name}.timezone: \"{definition.Timezone}\" is not a known time zone";
            return null;
        }

        var windows = new List<(TransitionWindow, CronSchedule)>();
        for (var i = 0; i < definition.Windows.Count; i++)
        {
            var window = definition.Windows[i];
            var cron = CronSchedule.TryParse(window.Schedule, window.Timezone ?? definition.Timezone, $"{name}.windows[{i}].schedule", out error);
            if (cron is null)
            {
                return null;
            }

            windows.Add((window, cron));
        }

        Regex? filter = null;
        if (definition.VersionFilter is not null)
        {
            try
            {
                filter = new Regex(definition.VersionFilter, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                error = $"{name}.versionFilter: \"{definition.VersionFilter}\" is not a regular expression: {ex.Message}";
                return null;
            }
        }

        error = null;
        return new CompiledTransition(definition, schedule, windows, filter, definition.Include, definition.Exclude);
    }

    /// <summary>True when <paramref name="resource"/> passes the include (empty: all) and exclude patterns (<see cref="NamePattern"/>).</summary>
    public bool Selects(string resource) =>
        (Include.Count == 0 || Include.Any(p => NamePattern.Matches(p, resource))) && !Exclude.Any(p => NamePattern.Matches(p, resource));
}
