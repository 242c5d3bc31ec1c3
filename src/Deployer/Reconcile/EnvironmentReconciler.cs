using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dm.Deployer.Health;
using Dm.Deployer.Planning;
using Dm.Deployer.Status;
using Dm.Domain;
using Dm.Kubernetes;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// One reconcile round of one environment, as a straight line of steps: connect → create the namespace (if asked) →
/// build the desired objects → read the inventory (one GET, which also proves the cluster answers) and the live
/// objects (from the cluster's informers, in memory: see <see cref="ClusterObjectCache"/>) → plan → apply what
/// changed, kind group by kind group with bounded parallelism (the server's answers go back into the informers) →
/// prune → store the inventory → assess health. Between rounds an <see cref="EnvironmentWatch"/> wakes the
/// environment when the watch shows drift, a deletion or a rollout moving. A refused object fails alone; a cluster
/// that does not answer makes the environment Unknown. Always returns a status; never throws for cluster or repo trouble.
/// </summary>
public sealed class EnvironmentReconciler(ClusterConnections connections, DeployerOptions options, TimeProvider time, ILogger<EnvironmentReconciler> logger)
{
    private readonly ConcurrentDictionary<string, DesiredObjectCache> _desired = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EnvironmentWatch> _watches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string ResourceVersion, IReadOnlyList<InventoryEntry> Entries)> _inventories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, QuietRound> _quiet = new(StringComparer.Ordinal);
    private readonly DriftMemo _drift = new();

    public async Task<EnvironmentRound> ReconcileAsync(
        string revision,
        RepoEnvironment environment,
        DeployerTarget target,
        EnvironmentDeployStatus? previous,
        Action<string>? wake,
        CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Environment"] = environment.Name, ["Revision"] = revision });
        ClusterObjectCache cache;
        try
        {
            cache = connections.CacheFor(target);
        }
        catch (Exception ex) when (ex is KubeConfigException or ClusterCredentialException or IOException)
        {
            DeployerLog.TargetInvalid(logger, environment.Name, ex.Message);
            var status = EnvironmentStatusBuilder.Unreachable(revision, previous, Reasons.TargetInvalid, ex.Message, time.GetUtcNow());
            return new EnvironmentRound(status, RetryWanted: false, 0, 0, 0, EnvironmentRound.OneError(Reasons.TargetInvalid));
        }

        try
        {
            return await RunAsync(cache, revision, environment, target, previous, wake, cancellationToken);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            DeployerLog.ClusterUnreachable(logger, environment.Name, ex.Message);
            var cluster = target.Context ?? "(current context)";
            var status = EnvironmentStatusBuilder.Unreachable(revision, previous, Reasons.ClusterUnreachable,
                ex is ClusterCredentialException ? $"no credentials for cluster {cluster}: {ex.Message}" : $"cluster {cluster} unreachable: {ex.Message}", time.GetUtcNow());
            return new EnvironmentRound(status, RetryWanted: true, 0, 0, 0, EnvironmentRound.OneError(Reasons.ClusterUnreachable));
        }
    }

    /// <summary>
    /// Plans the environment against its cluster without writing (for <c>diff</c>): the inputs gathered and planned as
    /// a round does (<see cref="GatherAsync"/>, then <see cref="DeployPlanner.Plan"/>), without following the environment.
    /// </summary>
    public async Task<(EnvironmentInputs Inputs, DeployPlan Plan)> PlanAsync(
        ClusterObjectCache cache, RepoEnvironment environment, DeployerTarget target, CancellationToken cancellationToken)
    {
        var gathered = await GatherAsync(cache, environment, target, wake: null, cancellationToken);
        return (gathered.Inputs, Plan(gathered.Inputs, target));
    }

    /// <summary>Stops following an environment between rounds (it left <c>deployers.yaml</c>).</summary>
    public void Forget(string environment)
    {
        if (_watches.TryRemove(environment, out var watch))
        {
            watch.Dispose();
        }

        _desired.TryRemove(environment, out _);
        _inventories.TryRemove(environment, out _);
        _quiet.TryRemove(environment, out _);
    }

    private async Task<EnvironmentRound> RunAsync(
        ClusterObjectCache cache, string revision, RepoEnvironment environment, DeployerTarget target, EnvironmentDeployStatus? previous, Action<string>? wake, CancellationToken cancellationToken)
    {
        var client = cache.Client;
        var problems = new List<EnvironmentProblem>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // 1. Namespace, when the target asks for it.
        if (target.CreateNamespace)
        {
            await EnsureNamespaceAsync(cache, target, problems, cancellationToken);
        }

        // 2. Gather: desired objects, inventory and live objects.
        var namespaceAt = clock.Elapsed;
        var (inputs, watch, desiredIn) = await GatherAsync(cache, environment, target, wake, cancellationToken);
        var (desired, inventory, live) = inputs;
        var desiredAt = namespaceAt + desiredIn;
        var readAt = clock.Elapsed;

        // Plan and status are pure functions of the desired objects, the live objects, the inventory and the previous
        // status: when all are the very instances of the last round, and that round did nothing, so does this one.
        if (problems.Count == 0 && _quiet.TryGetValue(environment.Name, out var quiet) && quiet.Matches(revision, inputs, previous))
        {
            var same = previous! with { LastReconciledAt = time.GetUtcNow() };
            _quiet[environment.Name] = quiet with { Status = same };
            DeployerLog.RoundTimes(logger, environment.Name, desiredAt.TotalMilliseconds, readAt.TotalMilliseconds, readAt.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
            return new EnvironmentRound(same, RetryWanted: false, 0, 0, 0, EnvironmentRound.NoErrors);
        }

        // 3. Plan.
        var plan = Plan(inputs, target);
        var outcomes = new ConcurrentDictionary<ResourceKey, ObjectOutcome>();
        foreach (var skip in plan.Skips)
        {
            outcomes[skip.Desired.Key] = new ObjectOutcome.Unchanged(live[skip.Desired.Key]);
        }

        foreach (var done in plan.Finished)
        {
            outcomes[done.Desired.Key] = new ObjectOutcome.Finished();
        }

        // 4. Apply, group by group.
        var apply = new ApplyOptions(options.FieldManager, Force: true);
        foreach (var group in plan.ApplyGroups)
        {
            await Parallel.ForEachAsync(
                group,
                new ParallelOptions { MaxDegreeOfParallelism = options.ApplyConcurrency, CancellationToken = cancellationToken },
                async (action, ct) => outcomes[action.Desired.Key] = await ApplyAsync(cache, action, apply, ct));
        }

        var appliedAt = clock.Elapsed;

        // 5. Prune.
        var failedPrunes = new List<InventoryEntry>();
        var pruned = 0;
        foreach (var prune in plan.Prunes)
        {
            try
            {
                await client.DeleteAsync(prune.Entry.Key, PropagationPolicy.Background, cancellationToken);
                pruned++;
                DeployerLog.Pruned(logger, prune.Entry.Key, prune.Entry.Resource);
            }
            catch (Exception ex) when (ex is KubernetesApiException or KubernetesTransportException or UnknownResourceTypeException)
            {
                failedPrunes.Add(prune.Entry);
                problems.Add(new EnvironmentProblem(Reasons.PruneFailed, $"prune of {prune.Entry.Key} failed: {ex.Message}"));
            }
        }

        // 6. Inventory.
        var next = DeployPlanner.NextInventory(desired, plan, failedPrunes, RunJobs(desired, outcomes), inventory);
        var inventoryChanged = !next.ToHashSet().SetEquals(inventory);
        if (inventoryChanged)
        {
            try
            {
                await client.ApplyAsync(Inventory.Manifest(environment.Name, target.Namespace, next), apply, cancellationToken);
            }
            catch (Exception ex) when (ex is KubernetesApiException { Code: < 500 and not 429 })
            {
                problems.Add(new EnvironmentProblem(Reasons.InventoryFailed, $"inventory {Inventory.Key(environment.Name, target.Namespace)} not stored: {ex.Message}"));
            }
        }

        // 7. Status (health is assessed from the applied and listed objects).
        var status = EnvironmentStatusBuilder.Build(revision, desired, outcomes, options.FieldManager, previous, problems, time.GetUtcNow());
        if (watch is not null)
        {
            watch.FollowHealth = status.State != EnvironmentState.Clean;
        }

        DeployerLog.RoundTimes(logger, environment.Name, desiredAt.TotalMilliseconds, readAt.TotalMilliseconds, appliedAt.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
        var applied = outcomes.Values.OfType<ObjectOutcome.Applied>().ToList();
        var failed = outcomes.Values.Count(o => o is ObjectOutcome.Failed or ObjectOutcome.Unreachable);
        var retry = failed > 0 || problems.Count > 0;
        if (applied.Count == 0 && pruned == 0 && !retry && !inventoryChanged)
        {
            _quiet[environment.Name] = new QuietRound(revision, inputs, status);
        }
        else
        {
            _quiet.TryRemove(environment.Name, out _);
        }

        foreach (var drift in applied.Where(a => a.Reason == ApplyReason.Drifted))
        {
            DeployerLog.DriftCorrected(logger, drift.Detail);
        }

        if (applied.Count > 0 || pruned > 0 || failed > 0)
        {
            DeployerLog.Reconciled(logger, environment.Name, revision, applied.Count, plan.Skips.Count, pruned, failed, status.State);
        }

        var errors = outcomes.Values
            .Select(o => o switch
            {
                ObjectOutcome.Failed f => f.Reason,
                ObjectOutcome.Unreachable => Reasons.ClusterUnreachable,
                _ => null,
            })
            .OfType<string>()
            .Concat(desired.Broken.Select(_ => Reasons.RenderFailed))
            .Concat(problems.Select(p => p.Reason))
            .GroupBy(reason => reason, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new EnvironmentRound(status, retry, applied.Count, pruned, applied.Count(a => a.Reason == ApplyReason.Drifted), errors);
    }

    /// <summary>
    /// The desired Jobs DM ran at the desired content: created or changed by this round, or live with the desired
    /// content hash. Recorded at once, so a Job its TTL deletes right after it finishes (or while DM is down) is not
    /// mistaken for one that never ran.
    /// </summary>
    private static HashSet<ResourceKey> RunJobs(DesiredState desired, IReadOnlyDictionary<ResourceKey, ObjectOutcome> outcomes)
    {
        var ran = new HashSet<ResourceKey>();
        foreach (var job in desired.Objects.Where(o => DeployPlanner.IsJob(o.Key)))
        {
            var live = ObjectOutcome.LiveOf(outcomes.GetValueOrDefault(job.Key));
            if (live is not null && (string?)live["metadata"]?["annotations"]?[DeployerAnnotations.ContentHash] == job.Hash)
            {
                ran.Add(job.Key);
            }
        }

        return ran;
    }

    private async Task EnsureNamespaceAsync(ClusterObjectCache cache, DeployerTarget target, List<EnvironmentProblem> problems, CancellationToken cancellationToken)
    {
        var key = new ResourceKey(string.Empty, "Namespace", string.Empty, target.Namespace);
        var namespaces = cache.For(key.Group, key.Kind, null);
        try
        {
            if ((await namespaces.ReadAsync(cancellationToken)).ContainsKey(target.Namespace))
            {
                return;
            }
        }
        catch (KubernetesApiException ex) when (ex.Code is < 500 and not 429 and not 0)
        {
            // Namespaces cannot be listed (RBAC): ask for this one.
            if (await cache.Client.GetAsync(key, cancellationToken) is not null)
            {
                return;
            }
        }

        var manifest = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = target.Namespace, ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "dm-deployer" } },
        };
        try
        {
            cache.Observe(key, await cache.Client.ApplyAsync(manifest, new ApplyOptions(options.FieldManager, Force: true), cancellationToken));
            DeployerLog.NamespaceCreated(logger, target.Namespace, target.Environment);
        }
        catch (KubernetesApiException ex) when (ex.Code is < 500 and not 429)
        {
            problems.Add(new EnvironmentProblem(Reasons.NamespaceCreateFailed, $"namespace {target.Namespace} not created: {ex.Message}"));
        }
    }

    private async Task<DesiredState> DesireCachedAsync(IClusterClient client, RepoEnvironment environment, DeployerTarget target, CancellationToken cancellationToken)
    {
        var cache = _desired.GetOrAdd(environment.Name, _ => new DesiredObjectCache());
        if (cache.TryGet(environment, target) is { } same)
        {
            return same;
        }

        var (namespaced, guessed) = await ScopesAsync(client, environment, cancellationToken);

        // A guessed scope is asked again next round (the kind may exist by then), so that desired state is not kept.
        return guessed ? DesiredState.Build(environment, target, namespaced) : cache.Build(environment, target, namespaced);
    }

    /// <summary>
    /// Whether each kind the environment deploys is namespaced: from the server's discovery, or for a kind the server
    /// does not know yet, from the CustomResourceDefinition the environment deploys for it (its <c>spec.scope</c>).
    /// A kind known to neither is guessed namespaced (<c>Guessed</c>), as custom resources mostly are.
    /// </summary>
    private static async Task<(Func<string, string, bool> Namespaced, bool Guessed)> ScopesAsync(IClusterClient client, RepoEnvironment environment, CancellationToken cancellationToken)
    {
        var manifests = environment.Resources.OfType<RenderedResource>().SelectMany(r => r.Manifests).ToList();
        var definitions = manifests
            .Where(m => m.Key is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
            .Select(m => (Group: (string?)m.Content["spec"]?["group"], Kind: (string?)m.Content["spec"]?["names"]?["kind"], Scope: (string?)m.Content["spec"]?["scope"]))
            .Where(d => d.Group is not null && d.Kind is not null)
            .GroupBy(d => (d.Group!, d.Kind!))
            .ToDictionary(g => g.Key, g => g.First().Scope != "Cluster");
        var scopes = new Dictionary<(string Group, string Kind), bool>();
        var guessed = false;
        foreach (var manifest in manifests)
        {
            var kind = (manifest.Key.Group, manifest.Key.Kind);
            if (scopes.ContainsKey(kind))
            {
                continue;
            }

            try
            {
                scopes[kind] = (await client.ResolveAsync(kind.Group, kind.Kind, null, cancellationToken)).Namespaced;
            }
            catch (UnknownResourceTypeException)
            {
                guessed |= !definitions.ContainsKey(kind);
                scopes[kind] = definitions.GetValueOrDefault(kind, true);
            }
        }

        return ((group, kind) => scopes.GetValueOrDefault((group, kind), true), guessed);
    }

    /// <summary>
    /// Gathers what the environment is planned from: its desired objects (kept while the repo and the kinds' scopes do
    /// not change), the inventory (one GET, which also proves the cluster answers; parsed again only when it changed)
    /// and the live objects from the cluster's informers. With <paramref name="wake"/> the environment is followed
    /// between rounds, subscribed before the live objects are read so no change falls between the two.
    /// </summary>
    private async Task<(EnvironmentInputs Inputs, EnvironmentWatch? Watch, TimeSpan DesiredIn)> GatherAsync(
        ClusterObjectCache cache, RepoEnvironment environment, DeployerTarget target, Action<string>? wake, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var desired = await DesireCachedAsync(cache.Client, environment, target, cancellationToken);
        var desiredIn = time.GetElapsedTime(started);
        var inventory = ParseInventory(environment.Name, await cache.Client.GetAsync(Inventory.Key(environment.Name, target.Namespace), cancellationToken));
        var watch = wake is null ? null : Follow(environment.Name, cache, desired, wake);
        var live = await ReadCachedAsync(cache, desired.Objects.Select(o => o.Key).Concat(inventory.Select(i => i.Key)), cancellationToken);
        return (new EnvironmentInputs(desired, inventory, live), watch, desiredIn);
    }

    /// <summary>Decides: the pure plan of the gathered inputs, with drift checks remembered across rounds.</summary>
    private DeployPlan Plan(EnvironmentInputs inputs, DeployerTarget target) =>
        DeployPlanner.Plan(inputs.Desired, inputs.Live, inputs.Inventory, target.Prune, _drift.Find);

    /// <summary>The inventory's entries, parsed again only when its resourceVersion moved.</summary>
    private IReadOnlyList<InventoryEntry> ParseInventory(string environment, JsonObject? inventoryObject)
    {
        var version = (string?)inventoryObject?["metadata"]?["resourceVersion"];
        if (version is not null && _inventories.TryGetValue(environment, out var known) && known.ResourceVersion == version)
        {
            return known.Entries;
        }

        var entries = Inventory.Parse(inventoryObject);
        if (version is not null)
        {
            _inventories[environment] = (version, entries);
        }

        return entries;
    }

    /// <summary>Follows the environment's desired objects between rounds (a new watch when the desired objects or the cluster changed).</summary>
    private EnvironmentWatch Follow(string environment, ClusterObjectCache cache, DesiredState desired, Action<string> wake)
    {
        if (_watches.TryGetValue(environment, out var current) && ReferenceEquals(current.Desired, desired) && ReferenceEquals(current.Cache, cache))
        {
            return current;
        }

        var next = new EnvironmentWatch(cache, desired, wake) { FollowHealth = current?.FollowHealth ?? true };
        _watches[environment] = next;
        current?.Dispose();
        return next;
    }

    /// <summary>
    /// The live objects among <paramref name="keys"/>, from the informers of their kinds and namespaces (the first read
    /// of a kind waits for its list). A kind the server does not know (yet) or will not list to DM (forbidden) reads as
    /// what DM's own applies returned: the plan applies the rest, and a refused apply reports the server's message.
    /// </summary>
    private static async Task<IReadOnlyDictionary<ResourceKey, JsonObject>> ReadCachedAsync(ClusterObjectCache cache, IEnumerable<ResourceKey> keys, CancellationToken cancellationToken)
    {
        var byQuery = keys.Distinct().GroupBy(k => (k.Group, k.Kind, k.Namespace)).ToList();
        var reads = byQuery.Select(async g =>
        {
            var informer = cache.For(g.Key.Group, g.Key.Kind, g.Key.Namespace);
            try
            {
                return (g, Objects: await informer.ReadAsync(cancellationToken));
            }
            catch (Exception ex) when (ex is UnknownResourceTypeException || ex is KubernetesApiException { Code: < 500 and not 429 and not 0 })
            {
                return (g, Objects: informer.Snapshot());
            }
        }).ToList();
        var live = new Dictionary<ResourceKey, JsonObject>();
        foreach (var (group, objects) in await Task.WhenAll(reads))
        {
            foreach (var key in group)
            {
                if (objects.TryGetValue(key.Name, out var item))
                {
                    live[key] = item;
                }
            }
        }

        return live;
    }

    private async Task<ObjectOutcome> ApplyAsync(ClusterObjectCache cache, PlannedAction.Apply action, ApplyOptions apply, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await cache.Client.ApplyAsync(action.Desired.Manifest, apply, cancellationToken);
            cache.Observe(action.Desired.Key, stored);
            DeployerLog.Applied(logger, action.Desired.Key, action.Reason, action.Detail);
            return new ObjectOutcome.Applied(stored, action.Reason, action.Detail);
        }
        catch (KubernetesApiException ex) when (IsImmutableJob(action.Desired.Key, ex))
        {
            return await ReplaceJobAsync(cache, action, apply, ex, cancellationToken);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            return new ObjectOutcome.Unreachable(ex.Message);
        }
        catch (Exception ex) when (ex is KubernetesApiException or UnknownResourceTypeException)
        {
            DeployerLog.ApplyFailed(logger, action.Desired.Key, ex.Message);
            return new ObjectOutcome.Failed(Reasons.ApplyFailed, ex.Message);
        }
    }

    /// <summary>The server refused to change a Job's pod template (immutable): DM replaces a finished Job DM created.</summary>
    internal static bool IsImmutableJob(ResourceKey key, KubernetesApiException ex) =>
        DeployPlanner.IsJob(key) && ex.Code == 422 && ex.Message.Contains("field is immutable", StringComparison.Ordinal);

    /// <summary>
    /// A changed Job cannot be updated (its pod template is immutable): a finished one is deleted and created again
    /// with the new content, as a new run; a running one is left to finish and the apply is retried with backoff.
    /// </summary>
    private async Task<ObjectOutcome> ReplaceJobAsync(ClusterObjectCache cache, PlannedAction.Apply action, ApplyOptions apply, KubernetesApiException refusal, CancellationToken cancellationToken)
    {
        var key = action.Desired.Key;
        var live = cache.For(key.Group, key.Kind, key.Namespace).Snapshot().GetValueOrDefault(key.Name);
        ObjectOutcome LeftAlone(string why)
        {
            var message = $"{key} {why} ({refusal.Message})";
            DeployerLog.ApplyFailed(logger, key, message);
            return new ObjectOutcome.Failed(Reasons.ApplyFailed, message);
        }

        if (live is not null && live["metadata"]?["annotations"]?[DeployerAnnotations.ContentHash] is null)
        {
            return LeftAlone("exists but was not created by DM, and its pod template is immutable: DM does not delete it; remove it or rename DM's Job");
        }

        if (live is null || ObjectHealth.Assess(key, live).State == HealthState.Progressing)
        {
            return LeftAlone("is still running and its pod template is immutable: DM replaces it once it has finished");
        }

        try
        {
            await cache.Client.DeleteAsync(key, PropagationPolicy.Background, cancellationToken);
            var stored = await cache.Client.ApplyAsync(action.Desired.Manifest, apply, cancellationToken);
            cache.Observe(key, stored);
            var detail = $"{action.Detail}; the finished Job was replaced (its pod template is immutable)";
            DeployerLog.Applied(logger, key, action.Reason, detail);
            return new ObjectOutcome.Applied(stored, action.Reason, detail);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            return new ObjectOutcome.Unreachable(ex.Message);
        }
        catch (Exception ex) when (ex is KubernetesApiException or UnknownResourceTypeException)
        {
            DeployerLog.ApplyFailed(logger, key, ex.Message);
            return new ObjectOutcome.Failed(Reasons.ApplyFailed, $"replacing the finished {key} failed: {ex.Message}");
        }
    }

    /// <summary>The cluster could not be asked (down, overloaded, or DM could not get credentials for it): retried with capped backoff.</summary>
    private static bool IsUnreachable(Exception ex) =>
        ex is KubernetesTransportException or HttpRequestException or ClusterCredentialException
        || ex is KubernetesApiException api && (api.Code >= 500 || api.Code == 429 || api.Code == 0);

    /// <summary>A round that applied, pruned and stored nothing, with the very inputs it had.</summary>
    private sealed record QuietRound(string Revision, EnvironmentInputs Inputs, EnvironmentDeployStatus Status)
    {
        public bool Matches(string revision, EnvironmentInputs inputs, EnvironmentDeployStatus? previous) =>
            revision == Revision && ReferenceEquals(inputs.Desired, Inputs.Desired) && ReferenceEquals(inputs.Inventory, Inputs.Inventory) && ReferenceEquals(previous, Status)
            && inputs.Live.Count == Inputs.Live.Count && inputs.Live.All(p => Inputs.Live.TryGetValue(p.Key, out var known) && ReferenceEquals(known, p.Value));
    }
}
