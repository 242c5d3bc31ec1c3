using Dm.ResourceRepo;

namespace Dm.Aggregator.Writes;

/// <summary>A write request waiting for the writer: who asks, and the planner that turns a model of the repo into its change.</summary>
public sealed record QueuedWrite(Caller Caller, Func<ResourceRepoModel, CancellationToken, Task<WritePlan>> Plan);
