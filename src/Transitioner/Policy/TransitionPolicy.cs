using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Transitioner.Policy;

/// <summary>
/// Decides what one transition does now. Pure: the source and target version files, the target's locks, the source's
/// health as the deployer reports it, the transition's state from <c>transition_state.yaml</c> and the time in; a
/// <see cref="TransitionDecision"/> out. Checks run in this order: an unreadable target locks.yaml or transition_state.yaml (fail closed), target env lock, schedule, windows, SourceClean,
/// resource locks, version filter, Manual approval.
/// </summary>
public static class TransitionPolicy
{
    /// <summary>Compiles <paramref name="transition"/> and decides; an unusable definition gives <see cref="TransitionDecision.Invalid"/>.</summary>
    public static TransitionDecision Decide(
        TransitionDefinition transition,
        EnvironmentVersions source,
        EnvironmentVersions target,
        SourceHealth health,
        TransitionState? state,
        DateTimeOffset now,
        IReadOnlyList<RepoError>? stateProblems = null) =>
        CompiledTransition.Compile(transition, out var error) is { } compiled
            ? Decide(compiled, source, target, health, state, now, stateProblems)
            : new TransitionDecision.Invalid(error!);

    public static TransitionDecision Decide(
        CompiledTransition transition,
        EnvironmentVersions source,
        EnvironmentVersions target,
        SourceHealth health,
        TransitionState? state,
        DateTimeOffset now,
        IReadOnlyList<RepoError>? stateProblems = null)
    {
        var definition = transition.Definition;
        var (candidates, unreadable) = Candidates(transition, source, target);
        var next = transition.Schedule?.NextAfter(now);
        var window = TransitionWindows.Evaluate(transition.Windows, now);
        var wake = TransitionWindows.Min(next, window.NextEdge);

        // Fail closed: a lock file DM cannot read counts as a lock, and a state file it cannot read hides schedules and
        // approvals (and a promotion would rewrite it), so neither lets anything through until it is fixed.
        if (target.Locks.IsUnreadable)
        {
            return new TransitionDecision.Blocked(Reasons.LocksUnreadable,
                $"{target.Name}/locks.yaml cannot be read, so {target.Name} counts as locked until it is fixed: {target.Locks.ProblemMessage}", candidates)
            { NextScheduled = next, WakeAt = wake };
        }

        if (stateProblems is { Count: > 0 })
        {
            return new TransitionDecision.Blocked(Reasons.TransitionStateUnreadable,
                $"{TransitionStateFile.Path} cannot be read, so schedules and approvals are unknown and nothing is promoted until it is fixed: {string.Join("; ", stateProblems.Select(p => p.Message))}",
                candidates)
            { NextScheduled = next, WakeAt = wake };
        }

        var envLock = Active(target.Locks.EnvironmentLock, now);
        if (envLock.Count > 0)
        {
            return new TransitionDecision.Blocked(Reasons.TargetLocked, $"target {target.Name} is locked: {LockReasons(envLock)}", candidates) { NextScheduled = next, WakeAt = wake };
        }

        // transition_state.yaml's `scheduled` is cautious-tribble's: the fire time the next promotion waits for (set to
        // the first fire time after each promotion); without it a scheduled transition is due at once.
        DateTimeOffset? scheduleAfter = null;
        if (transition.Schedule is { } schedule)
        {
            var waitFor = state?.Scheduled;
            if (waitFor is { } w && now < w)
            {
                return new TransitionDecision.Skipped(Reasons.Scheduled, $"not due before {TransitionWindows.Format(w)} (schedule \"{schedule.Text}\")", candidates)
                {
                    NextScheduled = w,
                    WakeAt = TransitionWindows.Min(w, window.NextEdge),
                };
            }

            scheduleAfter = next;
        }

        if (!window.Allowed)
        {
            return new TransitionDecision.Blocked(window.Reason!, window.Message, candidates) { NextScheduled = next, WakeAt = wake };
        }

        var healthBlock = health.Kind switch
        {
            SourceHealthKind.Progressing => Reasons.SourceProgressing,
            SourceHealthKind.Failed => Reasons.SourceFailed,
            SourceHealthKind.Outdated => Reasons.SourceOutdated,
            SourceHealthKind.Unknown => Reasons.SourceUnknown,
            _ => null,
        };
        if (healthBlock is not null)
        {
            return new TransitionDecision.Blocked(healthBlock, health.Message, candidates) { NextScheduled = next, WakeAt = wake };
        }

        var notes = new List<string>(unreadable);
        var locked = new List<string>();
        var filtered = new List<string>();
        var moves = new List<ResourceMove>();
        foreach (var move in candidates)
        {
            if (target.Locks.ResourceLocks.TryGetValue(move.Resource, out var reasons) && Active(reasons, now) is { Count: > 0 } active)
            {
                locked.Add(move.Resource);
                notes.Add($"{move.Resource} is locked in {target.Name}: {LockReasons(active)}");
            }
            else if (transition.VersionFilter is { } filter && !filter.IsMatch(move.To))
            {
                filtered.Add(move.Resource);
                notes.Add($"{move.Resource} {move.To} does not match versionFilter \"{definition.VersionFilter}\"");
            }
            else
            {
                moves.Add(move);
            }
        }

        if (moves.Count == 0)
        {
            if (locked.Count > 0)
            {
                return new TransitionDecision.Blocked(Reasons.ResourceLocked, string.Join("; ", notes), []) { NextScheduled = next, WakeAt = wake };
            }

            if (filtered.Count > 0)
            {
                return new TransitionDecision.Skipped(Reasons.VersionFiltered, string.Join("; ", notes), []) { NextScheduled = next, WakeAt = wake };
            }

            var same = notes.Count > 0 ? "; " + string.Join("; ", notes) : string.Empty;
            return new TransitionDecision.NoChange($"{target.Name} already has the versions of {source.Name}{same}") { NextScheduled = next, WakeAt = wake };
        }

        if (definition.Preconditions.Contains(TransitionPrecondition.Manual))
        {
            var approval = state?.Approval;
            var wanted = string.Join(", ", moves.Select(FormatMove));
            if (approval is null)
            {
                return new TransitionDecision.Blocked(Reasons.AwaitingApproval, $"waiting for approval of {wanted}", moves) { NextScheduled = next, WakeAt = wake };
            }

            if (!Matches(approval, moves))
            {
                var approved = string.Join(", ", approval.Versions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}"));
                return new TransitionDecision.Blocked(
                    Reasons.AwaitingApproval,
                    $"the approval by {approval.By} covers {(approved.Length == 0 ? "nothing" : approved)}, but the pending moves are {wanted}",
                    moves)
                { NextScheduled = next, WakeAt = wake };
            }
        }

        return new TransitionDecision.Promote(moves, scheduleAfter, locked.Count > 0 ? Reasons.ResourceLocked : null, notes) { NextScheduled = next, WakeAt = wake };
    }

    /// <summary>Lock reasons that still count at <paramref name="now"/> (an expired reason does not).</summary>
    public static IReadOnlyList<LockReason> Active(IReadOnlyList<LockReason> reasons, DateTimeOffset now) =>
        [.. reasons.Where(r => r.Expires is null || r.Expires > now)];

    public static string FormatMove(ResourceMove move) => $"{move.Resource} {move.From ?? "(new)"} → {move.To}";

    private static bool Matches(TransitionApproval approval, IReadOnlyList<ResourceMove> moves) =>
        approval.Versions.Count == moves.Count && moves.All(m => approval.Versions.TryGetValue(m.Resource, out var v) && v == m.To);

    private static string LockReasons(IReadOnlyList<LockReason> reasons) =>
        string.Join("; ", reasons.Select(r => r.By is null ? r.Reason : $"{r.Reason} (by {r.By})"));

    private static (List<ResourceMove> Moves, List<string> Unreadable) Candidates(CompiledTransition transition, EnvironmentVersions source, EnvironmentVersions target)
    {
        var targetByPath = target.Files.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        bool Changed(VersionEntry f) => !targetByPath.TryGetValue(f.RelativePath, out var t) || t.BlobId != f.BlobId;

        // Only the resources with a changed file can move, so only they are grouped: an idle round costs one lookup per file.
        var changedResources = source.Files.Where(Changed).Select(f => f.Resource).ToHashSet(StringComparer.Ordinal);
        var moves = new List<ResourceMove>();
        var unreadable = new List<string>();
        if (changedResources.Count == 0)
        {
            return (moves, unreadable);
        }

        var targetByResource = target.Files.ToLookup(f => f.Resource, StringComparer.Ordinal);
        foreach (var group in source.Files.Where(f => changedResources.Contains(f.Resource)).GroupBy(f => f.Resource, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!transition.Selects(group.Key))
            {
                continue;
            }

            var changed = group.Where(Changed).ToList();
            var version = group.Select(f => f.Version).FirstOrDefault(v => v is not null);
            if (version is null)
            {
                unreadable.Add($"{group.Key} has no readable version in {source.Name}/version/{group.First().RelativePath}");
                continue;
            }

            var from = targetByResource[group.Key].Select(f => f.Version).FirstOrDefault(v => v is not null);
            moves.Add(new ResourceMove(group.Key, from, version, [.. changed.Select(f => f.RelativePath)]));
        }

        return (moves, unreadable);
    }
}
