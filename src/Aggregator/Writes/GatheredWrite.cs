using Dm.Aggregator.Auth;
using Dm.ResourceRepo;

namespace Dm.Aggregator.Writes;

/// <summary>A queued write with its inputs gathered for one head: ready to be decided (purely), or failed while gathering.</summary>
public abstract record GatheredWrite
{
    private GatheredWrite(Caller caller) => Caller = caller;

    public Caller Caller { get; }

    /// <summary>The pure decision of the write on a model of the repo (the head with the batch's earlier changes).</summary>
    public sealed record Ready(Caller Caller, Func<ResourceRepoModel, WritePlan> Decide) : GatheredWrite(Caller);

    /// <summary>Reading its inputs failed (an unexpected error); nothing of it is committed and the others go on.</summary>
    public sealed record Failed(Caller Caller, Exception Error) : GatheredWrite(Caller);
}
