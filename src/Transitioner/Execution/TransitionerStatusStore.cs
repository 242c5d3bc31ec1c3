using Dm.Status;

namespace Dm.Transitioner.Execution;

/// <summary>The latest status report (written by the round, read by <c>GET /api/status</c>).</summary>
public sealed class TransitionerStatusStore(TimeProvider timeProvider)
{
    private volatile TransitionerStatusReport _report = new(new Dictionary<string, TransitionStatus>(), null, timeProvider.GetUtcNow());

    public TransitionerStatusReport Current => _report;

    public void Publish(IReadOnlyList<TransitionOutcome> outcomes, string revision)
    {
        var transitions = new Dictionary<string, TransitionStatus>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            transitions[outcome.Name] = outcome.ToStatus();
        }

        _report = new TransitionerStatusReport(transitions, revision, timeProvider.GetUtcNow());
    }
}
