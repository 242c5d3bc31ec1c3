using Dm.Aggregator.Repo;
using Dm.Hosting;
using Dm.Status;

namespace Dm.Aggregator.State;

/// <summary>
/// The state served by <c>GET /api/state</c> and the transitioner's latest report, as the last refresh round left
/// them (rebuilt when anything they come from changes, never per request).
/// </summary>
public sealed class CurrentState(DaemonReadiness readiness)
{
    private StateResponse? _state;
    private TransitionerStatusReport? _transitioner;
    private SourceAvailability _transitionerAvailability = SourceAvailability.NotConfigured;

    /// <summary>The state; <see cref="RepoUnavailableException"/> until the repo has been read once.</summary>
    public StateResponse State => Volatile.Read(ref _state) ?? throw new RepoUnavailableException(
        $"The resource repo has not been read yet: {readiness.NotReadyReason ?? "opening"}.");

    /// <summary>The state, or null before the repo has been read once.</summary>
    public StateResponse? Last => Volatile.Read(ref _state);

    public TransitionerStatusReport? Transitioner => Volatile.Read(ref _transitioner);

    public SourceAvailability TransitionerAvailability => Volatile.Read(ref _transitionerAvailability);

    public void SetTransitioner(TransitionerStatusReport? report, SourceAvailability availability)
    {
        Volatile.Write(ref _transitioner, report);
        Volatile.Write(ref _transitionerAvailability, availability);
    }

    public void SetState(StateResponse state) => Volatile.Write(ref _state, state);
}
