using Dm.ClusterSimulator.Store;
using Microsoft.Extensions.Logging;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>
/// Moves workload status over (scaled) time the way the real controllers do, one controller per kind run in order on a
/// timer: Deployments own a ReplicaSet per pod template, ReplicaSets/StatefulSets/DaemonSets/Jobs own Pods, Pods become
/// ready after <see cref="SimulatorOptions.PodReadySeconds"/> simulated seconds, and a pod whose image tag is
/// <c>fail</c> (or whose template carries the annotation <c>dm.simulator/fail: "true"</c>) never does.
/// </summary>
internal sealed class RolloutController : IAsyncDisposable
{
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly SimulatorOptions _options;
    private readonly ILogger<RolloutController> _logger;
    private readonly IReadOnlyList<IKindController> _controllers;
    private ITimer? _timer;

    /// <summary>The controllers of every kind over <paramref name="store"/>; <paramref name="random"/> picks generated names.</summary>
    public RolloutController(ClusterStore store, SimulatorOptions options, Random random, ILogger<RolloutController> logger)
    {
        _options = options;
        _logger = logger;
        var names = new NameSuffix(random);
        var events = new EventRecorder(store, names);
        var statusWriter = new StatusWriter(store);
        var podControl = new PodControl(store, events, logger);
        _controllers =
        [
            new DeploymentController(store, options, events, statusWriter),
            new ReplicaSetController(store, podControl, names, statusWriter),
            new StatefulSetController(store, podControl, statusWriter),
            new DaemonSetController(store, podControl, names, statusWriter),
            new JobController(store, podControl, names, statusWriter),
            new PodController(store, options, podControl),
        ];
    }

    public void Start() => _timer = _options.TimeProvider.CreateTimer(_ => Tick(), null, _options.ControllerInterval, _options.ControllerInterval);

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        // Holding the gate for good makes any timer callback still in flight return at once.
        await _running.WaitAsync();
    }

    /// <summary>One reconcile pass over every workload (public for deterministic tests).</summary>
    public void Tick()
    {
        if (!_running.Wait(0))
        {
            return;
        }

        try
        {
            var now = _options.TimeProvider.GetUtcNow();
            foreach (var controller in _controllers)
            {
                controller.Reconcile(now);
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Rollout controller pass failed on {Cluster}", _options.ClusterName);
        }
        finally
        {
            _running.Release();
        }
    }
}
