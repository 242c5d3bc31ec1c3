using Dm.Deployer.Hosting;
using Dm.Deployer.Planning;
using Dm.Deployer.Status;
using Dm.Domain;
using Dm.Git;
using Dm.Hosting;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// The deployer's main loop: on every wake-up (poll, <c>POST /api/refresh</c>, webhook) it fetches the resource repo,
/// reads the head revision when it changed, and hands each environment of <c>deployers.yaml</c> to its own
/// <see cref="EnvironmentWorker"/>. A fetch error keeps the last good revision and is reported; nothing stops the loop.
/// </summary>
public sealed class DeployerEngine(
    DeployerOptions options,
    RefreshSignal refresh,
    DaemonReadiness readiness,
    EnvironmentReconciler reconciler,
    ClusterConnections connections,
    DeployerStatusStore store,
    DeployerMetrics metrics,
    TimeProvider time,
    Random random,
    ILoggerFactory loggers,
    EnvironmentLeases leases) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<DeployerEngine>();
    private readonly Dictionary<string, EnvironmentWorker> _workers = new(StringComparer.Ordinal);
    private readonly ResourceRepoReader _reader = new();
    private GitRepository? _repo;
    private ResourceRepoModel? _model;
    private IReadOnlyList<DeployerTarget>? _lastGoodTargets;

    /// <summary>Rounds of the main loop completed (fetch + hand-over), for tests.</summary>
    public long Rounds { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var ok = await RoundAsync(stoppingToken);
                failures = ok ? 0 : failures + 1;

                // Kinds no environment deploys or prunes any more (a changed repo, a removed environment) stop costing a watch.
                connections.StopIdleInformers(options.EffectiveInformerIdleTimeout);
                Rounds++;
                var wait = ok ? options.PollInterval : Backoff(failures);
                await refresh.WaitAsync(wait < options.PollInterval ? wait : options.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            foreach (var worker in _workers.Values)
            {
                await worker.DisposeAsync();
            }

            _workers.Clear();

            // The environments' work stopped: now the Leases may go to another replica.
            await leases.DisposeAsync();
            if (_repo is not null)
            {
                await _repo.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// One fetch and hand-over. Nothing a revision holds may stop the daemon: an unexpected failure is logged, reported
    /// as the repo's status and retried with backoff, and the environments keep deploying what they have.
    /// </summary>
    private async Task<bool> RoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await FetchAndAssignAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var message = $"the deployer could not take revision {_model?.Revision ?? "(none)"} over: {ex.GetType().Name}: {ex.Message}";
            DeployerLog.RoundFailed(_logger, ex, message);
            store.SetRepo(_model?.Revision, Reasons.RepoInvalid, message);
            return false;
        }
    }

    private async Task<bool> FetchAndAssignAsync(CancellationToken cancellationToken)
    {
        // The first clone of a large repo may take longer than a fetch: it gets ten times as long.
        var cloning = _repo is null;
        var limit = cloning ? options.FetchTimeout * 10 : options.FetchTimeout;
        using var fetchTimeout = new CancellationTokenSource(limit, time);
        using var fetchCancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, fetchTimeout.Token);
        try
        {
            _repo ??= await GitRepository.OpenAsync(
                new GitRepositoryOptions(options.RepoUrl, options.CheckoutPath) { Branch = options.Branch },
                loggers.CreateLogger<GitRepository>(), time, null, fetchCancelled.Token);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var head = await _repo.FetchAsync(fetchCancelled.Token);
            var fetched = clock.Elapsed;
            if (_model?.Revision != head)
            {
                var snapshot = await _repo.ReadSnapshotAsync(head, cancellationToken);
                var snapshotAt = clock.Elapsed;
                _model = _reader.Read(snapshot);
                DeployerLog.RepoRead(_logger, head, _model.Errors.Count);
                DeployerLog.RepoTimes(_logger, fetched.TotalMilliseconds, snapshotAt.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
            }

            metrics.Fetches.WithLabels("ok").Inc();
            store.SetRepo(head, null, null);
        }
        catch (Exception ex) when (ex is GitCommandException or IOException or InvalidOperationException or UnauthorizedAccessException
            || (ex is OperationCanceledException && fetchTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            metrics.Fetches.WithLabels("error").Inc();
            var problem = ex is OperationCanceledException
                ? $"git {(cloning ? "clone" : "fetch")} did not finish within {limit} and was stopped"
                : ex.Message;
            var message = _model is null
                ? $"fetch of {GitRedaction.Redact(options.RepoUrl)} failed: {problem}"
                : $"fetch of {GitRedaction.Redact(options.RepoUrl)} failed; still deploying {_model.Revision}: {problem}";
            DeployerLog.FetchFailed(_logger, message);
            store.SetRepo(_model?.Revision, Reasons.FetchFailed, message);
            if (_model is null)
            {
                readiness.MarkNotReady(message);
                return false;
            }

            await AssignAsync(_model);
            readiness.MarkReady();
            return false;
        }

        await AssignAsync(_model);
        readiness.MarkReady();
        return true;
    }

    private async Task AssignAsync(ResourceRepoModel model)
    {
        var targets = DeployedEnvironments.Select(RepoTargets.From(model, _lastGoodTargets), options.Environments);
        if (targets.FileProblem is null)
        {
            _lastGoodTargets = targets.Targets;
        }
        else
        {
            store.SetRepo(model.Revision, Reasons.RepoInvalid, $"{targets.FileProblem} (nothing is pruned until deployers.yaml is fixed)");
        }

        var wanted = targets.Targets.ToDictionary(t => t.Environment, StringComparer.Ordinal);
        foreach (var (name, worker) in _workers.Where(w => !wanted.ContainsKey(w.Key)).ToList())
        {
            _workers.Remove(name);

            // Waited for: an environment that comes back must not have its new worker's state dropped by the old one.
            await worker.DisposeAsync();
            await leases.ForgetAsync(name);
        }

        foreach (var name in store.Environments.Where(e => !wanted.ContainsKey(e) && !targets.InvalidTargets.ContainsKey(e)))
        {
            store.Remove(name);
        }

        foreach (var (name, problem) in targets.InvalidTargets)
        {
            var previous = store.Get(name);
            store.Set(name, EnvironmentStatusBuilder.Unreachable(model.Revision, previous, Reasons.TargetInvalid, problem, time.GetUtcNow()));
        }

        foreach (var target in targets.Targets)
        {
            var assignment = new EnvironmentAssignment(model.Revision, model.FindEnvironment(target.Environment)!, target);
            if (_workers.TryGetValue(target.Environment, out var worker))
            {
                worker.Assign(assignment);
                continue;
            }

            if (store.Get(target.Environment) is null)
            {
                store.Set(target.Environment, new EnvironmentDeployStatus(model.Revision, null, EnvironmentState.Outdated, Reasons.NotYetApplied,
                    $"revision {model.Revision} not applied yet", new Dictionary<string, ResourceDeployStatus>(), null));
            }

            _workers[target.Environment] = new EnvironmentWorker(assignment, reconciler, store, metrics, options, time, random,
                loggers.CreateLogger<EnvironmentWorker>(), leases.For(target.Environment), CancellationToken.None);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        lock (random)
        {
            return new Backoff(options.RetryBaseDelay, options.RetryMaxDelay).After(failures, random.NextDouble());
        }
    }
}
