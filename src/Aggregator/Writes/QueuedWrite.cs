using Dm.Aggregator.Auth;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Writes;

/// <summary>A write request waiting for the writer: who asks, and how its change is planned on a model of the repo.</summary>
public abstract record QueuedWrite
{
    private QueuedWrite(Caller caller) => Caller = caller;

    public Caller Caller { get; }

    /// <summary>Decided from the model alone: its inputs came with the request.</summary>
    public sealed record FromModel(Caller Caller, Func<ResourceRepoModel, WritePlan> Decide) : QueuedWrite(Caller);

    /// <summary>
    /// Needs inputs read from git for the head it is planned on (a version file of the history): <see cref="Gather"/>
    /// reads them before the commit's critical section and returns the pure decision over them.
    /// </summary>
    public sealed record WithInputs(Caller Caller, Func<ResourceRepoModel, CancellationToken, Task<Func<ResourceRepoModel, WritePlan>>> Gather) : QueuedWrite(Caller);
}
