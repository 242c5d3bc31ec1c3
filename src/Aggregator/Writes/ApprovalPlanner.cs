using Dm.Aggregator.State;
using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.AspNetCore.Http;

namespace Dm.Aggregator.Writes;

/// <summary>Plans <c>POST /api/approvals</c>: record an approval of exact moves in <c>transition_state.yaml</c>.</summary>
public static class ApprovalPlanner
{
    public static WritePlan Plan(ResourceRepoModel model, Approval request, DateTimeOffset now)
    {
        var (transition, versions, reason, by) = (request.Transition, request.Versions, request.Reason, request.By);
        var definition = model.Transitions.FirstOrDefault(t => t.Name == transition);
        if (definition is null)
        {
            return new WritePlan.Refuse(Reasons.TransitionNotFound, $"'transition' \"{transition}\" is not in transitions.yaml.");
        }

        if (model.ProblemsIn(TransitionStateFile.Path) is { Count: > 0 } problems)
        {
            return new WritePlan.Refuse(Reasons.TransitionStateUnreadable,
                $"{TransitionStateFile.Path} cannot be read, so an approval cannot be recorded without losing what is in it; fix the file first: "
                + string.Join("; ", problems.Select(p => p.Message)));
        }

        if (versions.Count == 0)
        {
            return new WritePlan.Refuse(Reasons.NothingToApprove, $"Transition \"{transition}\" has no pending moves to approve.");
        }

        var approval = new TransitionApproval(by.Name, now, reason, versions);
        var states = model.TransitionStates.Where(s => s.Name != transition).ToList();
        var existing = model.FindTransitionState(transition);
        states.Add(existing is null ? new TransitionState(transition, null, null, approval) : existing with { Approval = approval });
        var body = string.Join("\n", versions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}: {v.Value}"))
            + (reason is null ? string.Empty : "\n\n" + reason);
        var message = CommitMessageBuilder.Format(
            $"Approve transition {transition} ({definition.Source} → {definition.Target})",
            body,
            [(DmTrailers.Action, DmTrailers.ActionApproval), (DmTrailers.Transition, transition), (DmTrailers.By, by.Name)]);
        return new WritePlan.Commit(message, [new FileChange.Put(TransitionStateFile.Path, TransitionStateFile.Write(states))]);
    }

    /// <summary>
    /// The moves of <paramref name="transition"/> the transitioner reports pending (none when it reports no such
    /// transition), or a refusal when its report is unavailable: then the request must name the versions itself.
    /// </summary>
    public static (IReadOnlyDictionary<string, string>? Versions, WritePlan.Refuse? Refusal) PendingMoves(
        string transition, TransitionerStatusReport? report, SourceAvailability availability)
    {
        if (!availability.Available || report is null)
        {
            return (null, new WritePlan.Refuse(Reasons.TransitionerUnavailable,
                $"Cannot tell which moves of \"{transition}\" are pending ({availability.Message}); give them in 'versions'."));
        }

        var versions = report.Transitions.GetValueOrDefault(transition)?.Pending.ToDictionary(p => p.Resource, p => p.To, StringComparer.Ordinal)
            ?? new Dictionary<string, string>();
        return (versions, null);
    }
}
