using System.Globalization;
using Dm.Aggregator.History;
using Dm.Domain;
using Dm.ResourceRepo;
using Dm.Status;

namespace Dm.Aggregator.Notifications;

/// <summary>
/// Pure: turns what the aggregator observes into <see cref="DmEvent"/>s. Commits (read as <see cref="HistoryEvent"/>s)
/// give versions received, promotions, rollbacks, locks and approvals; successive deployer reports give rollouts and
/// drift; successive transitioner reports give approval requests. The same input always gives the same event ids.
/// </summary>
public static class EventDeriver
{
    private const int MaxDetails = 4000;

    /// <summary>The events of one commit (one change of a batched commit); <paramref name="head"/> supplies version sources and lock expiries.</summary>
    public static IReadOnlyList<DmEvent> FromHistory(HistoryEvent e, ResourceRepoModel head)
    {
        var details = e.Changelog is { Length: > MaxDetails } text ? text[..MaxDetails] + "…" : e.Changelog;
        var by = e.By ?? e.Author;
        DmEvent Event(string type, string message, string? resource = null, string? from = null, string? to = null)
        {
            var source = SourceOf(head, e.Environment, resource, to);
            return new DmEvent(DmEvent.IdOf(type, e.Id, resource), type, e.Time, message, e.Environment, resource, from, to, e.Commit, e.Source, e.Transition, by, null, details)
            {
                SourceRepo = source?.Repo,
                SourceCommit = source?.Commit,
            };
        }

        switch (e.Kind)
        {
            case HistoryEventKinds.NewVersion:
                return [.. e.Moves.Select(m => Event(DmEventTypes.VersionReceived,
                    $"{m.Resource} {m.To} was received in {e.Environment}{(m.From is null ? string.Empty : $" (was {m.From})")}", m.Resource, m.From, m.To))];
            case HistoryEventKinds.Transition:
                return [.. e.Moves.Select(m => Event(DmEventTypes.Promoted,
                    $"{m.Resource} {DmEvent.Move(m.From, m.To)} was promoted from {e.Source} to {e.Environment} by transition {e.Transition}", m.Resource, m.From, m.To))];
            case HistoryEventKinds.Promotion:
                return [.. e.Moves.Select(m => Event(DmEventTypes.Promoted,
                    $"{m.Resource} {DmEvent.Move(m.From, m.To)} was promoted to {e.Environment} by {by}", m.Resource, m.From, m.To))];
            case HistoryEventKinds.Rollback:
                return [.. e.Moves.Select(m => Event(DmEventTypes.RolledBack,
                    $"{m.Resource} was rolled back in {e.Environment} from {m.From ?? "(none)"} to {m.To} by {by}{Reason(details)} and is locked there", m.Resource, m.From, m.To))];
            case HistoryEventKinds.Lock:
                return [Event(DmEventTypes.Locked, $"{Subject(e)} was locked by {by}{Reason(details)}", e.Resource) with { Expires = ExpiryOf(head, e, by) }];
            case HistoryEventKinds.Unlock:
                return [Event(DmEventTypes.Unlocked, $"{Subject(e)} was unlocked by {by}{Reason(details)}", e.Resource)];
            case HistoryEventKinds.Approval:
                return [Event(DmEventTypes.ApprovalGiven, $"transition {e.Transition} was approved by {by}") with { Environment = TargetOf(head, e.Transition) }];
            default:
                return [];
        }
    }

    /// <summary>
    /// Rollout and drift events between the marks last notified and a new deployer report, and the new marks.
    /// Without earlier marks (<paramref name="marks"/> null) the report is the baseline: no events. The marks of an
    /// environment missing from the report (its deployer could not be read this round) are kept, so its rollouts are not
    /// announced again when that deployer answers again.
    /// </summary>
    public static (IReadOnlyList<DmEvent> Events, IReadOnlyDictionary<string, RolloutMark> Marks) FromDeployer(
        IReadOnlyDictionary<string, RolloutMark>? marks, DeployerStatusReport report, ResourceRepoModel head, DateTimeOffset now)
    {
        var next = new Dictionary<string, RolloutMark>(StringComparer.Ordinal);
        var events = new List<DmEvent>();
        foreach (var (environment, status) in report.Environments.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var (resource, current) in status.Resources.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                var key = $"{environment}/{resource}";
                var mark = RolloutMark.Of(current);
                next[key] = mark;
                if (marks is null)
                {
                    continue;
                }

                var before = marks.GetValueOrDefault(key);
                foreach (var (type, message) in Changes(before, mark, resource, environment, current))
                {
                    var source = SourceOf(head, environment, resource, current.Version);
                    var stamp = type == DmEventTypes.DriftCorrected ? Stamp(mark.DriftCorrectedAt) : Stamp(mark.RolloutStartedAt);
                    events.Add(new DmEvent(
                        DmEvent.IdOf(type, environment, resource, current.Version, stamp, type == DmEventTypes.RolloutDegraded ? Stamp(now) : null),
                        type, now, message, environment, resource, null, current.Version, status.Revision, null, null, null, current.Reason,
                        type == DmEventTypes.DriftCorrected ? current.LastDriftCorrection : current.Message)
                    {
                        SourceRepo = source?.Repo,
                        SourceCommit = source?.Commit,
                    });
                }
            }
        }

        foreach (var (key, mark) in marks ?? new Dictionary<string, RolloutMark>())
        {
            if (!report.Environments.ContainsKey(key.Split('/')[0]))
            {
                next[key] = mark;
            }
        }

        return (events, next);
    }

    /// <summary>
    /// Approval requests: a transition newly waiting for an approval of a set of moves (a new set asks again). Returns
    /// the new marks (transition → the moves waiting); without earlier marks the report is the baseline.
    /// </summary>
    public static (IReadOnlyList<DmEvent> Events, IReadOnlyDictionary<string, string> Marks) FromTransitioner(
        IReadOnlyDictionary<string, string>? marks, TransitionerStatusReport report, DateTimeOffset now)
    {
        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<DmEvent>();
        foreach (var (name, status) in report.Transitions)
        {
            if (status.LastRun?.Reason != Reasons.AwaitingApproval || status.Pending.Count == 0)
            {
                continue;
            }

            var moves = string.Join(", ", status.Pending.OrderBy(p => p.Resource, StringComparer.Ordinal).Select(p => $"{p.Resource} {DmEvent.Move(p.From, p.To)}"));
            next[name] = moves;
            if (marks is not null && marks.GetValueOrDefault(name) != moves)
            {
                events.Add(new DmEvent(DmEvent.IdOf(DmEventTypes.ApprovalRequested, name, moves), DmEventTypes.ApprovalRequested, now,
                    $"transition {name} ({status.Source} → {status.Target}) waits for an approval of {moves}",
                    status.Target, status.Pending.Count == 1 ? status.Pending[0].Resource : null, null, null, report.Revision, status.Source, name,
                    null, Reasons.AwaitingApproval, moves));
            }
        }

        return (events, next);
    }

    private static IEnumerable<(string Type, string Message)> Changes(RolloutMark? before, RolloutMark now, string resource, string environment, ResourceDeployStatus status)
    {
        var what = now.Version is null ? resource : $"{resource} {now.Version}";
        var sameRollout = before is not null && before.Version == now.Version && before.RolloutStartedAt == now.RolloutStartedAt;
        var why = status.Message is null ? string.Empty : $": {status.Message}";
        if (now.State == ResourceState.Healthy && !(sameRollout && before!.State == ResourceState.Healthy))
        {
            yield return (DmEventTypes.RolloutSucceeded, $"{what} is live and healthy in {environment}");
        }
        else if (now.State is ResourceState.Failed or ResourceState.Progressing && sameRollout && before!.State == ResourceState.Healthy)
        {
            yield return (DmEventTypes.RolloutDegraded, $"{what} was healthy in {environment} and is {now.State.ToString().ToLowerInvariant()} now{why}");
        }
        else if (now.State == ResourceState.Failed && !(sameRollout && before!.State == ResourceState.Failed))
        {
            yield return (DmEventTypes.RolloutFailed, $"{what} failed in {environment}{why}");
        }

        if (now.DriftCorrectedAt is { } drift && drift != before?.DriftCorrectedAt && before is not null)
        {
            yield return (DmEventTypes.DriftCorrected, $"the deployer took back a change to {resource} in {environment}");
        }
    }

    private static VersionSource? SourceOf(ResourceRepoModel head, string? environment, string? resource, string? version) =>
        environment is null || resource is null || head.FindEnvironment(environment)?.Find(resource) is not { } found || found.Version != version
            ? null
            : found.Source;

    private static DateTimeOffset? ExpiryOf(ResourceRepoModel head, HistoryEvent e, string by)
    {
        var locks = e.Environment is null ? null : head.FindEnvironment(e.Environment)?.Locks;
        var reasons = locks is null ? [] : e.Resource is null ? locks.EnvironmentLock : locks.ResourceLocks.GetValueOrDefault(e.Resource) ?? [];
        var reason = e.Changelog?.Split("\n\n")[0];
        return reasons.LastOrDefault(r => r.By == by && r.Reason == reason)?.Expires;
    }

    private static string? TargetOf(ResourceRepoModel head, string? transition) =>
        head.Transitions.FirstOrDefault(t => t.Name == transition)?.Target;

    private static string Subject(HistoryEvent e) => e.Resource is null ? $"environment {e.Environment}" : $"{e.Resource} in {e.Environment}";

    private static string Reason(string? details) => details is null ? string.Empty : $": {details.Split("\n\n")[0]}";

    private static string? Stamp(DateTimeOffset? time) => time?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
