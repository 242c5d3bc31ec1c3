using Dm.Hosting.Election;
using Dm.Kubernetes;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Dm.Deployer.Hosting;

/// <summary>
/// One Lease per environment (<c>&lt;LeaseName&gt;-&lt;environment&gt;</c>), so replicas of the deployer share the
/// environments and never apply one at the same time. An elector starts when its environment first appears and is
/// released when the environment leaves <c>deployers.yaml</c> or the deployer stops. Without election every
/// environment is led here.
/// </summary>
public sealed class EnvironmentLeases(LeaderElectionOptions options, CollectorRegistry metrics, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (LeaseElector Elector, CancellationTokenSource Stop, Task Loop)> _electors = new(StringComparer.Ordinal);
    private readonly Leadership _unelected = Leadership.Unelected();
    private KubernetesRestClient? _client;

    public bool Elected => options.Enabled;

    /// <summary>The leadership of <paramref name="environment"/>, its elector started on first use.</summary>
    public Leadership For(string environment)
    {
        if (!options.Enabled)
        {
            return _unelected;
        }

        lock (_gate)
        {
            if (_electors.TryGetValue(environment, out var running))
            {
                return running.Elector.Leadership;
            }

            _client ??= LeaderElectionService.CreateClient(options, time, loggers);
            var identity = options.EffectiveIdentity(Environment.GetEnvironmentVariable);
            var elector = new LeaseElector(_client, options, $"{options.LeaseName}-{environment}", identity, time, loggers.CreateLogger<LeaseElector>());
            LeaderMetrics.Register(metrics, elector.Leadership);
            var stop = new CancellationTokenSource();
            _electors[environment] = (elector, stop, Task.Run(() => elector.RunAsync(stop.Token), CancellationToken.None));
            return elector.Leadership;
        }
    }

    /// <summary>Stops the elector of an environment that left the repo and releases its Lease.</summary>
    public async Task ForgetAsync(string environment)
    {
        (LeaseElector Elector, CancellationTokenSource Stop, Task Loop) running;
        lock (_gate)
        {
            if (!_electors.Remove(environment, out running))
            {
                return;
            }
        }

        await StopAsync(running);
    }

    /// <summary>Stops every elector and releases the Leases held (call after the environments' work stopped).</summary>
    public async ValueTask DisposeAsync()
    {
        List<(LeaseElector Elector, CancellationTokenSource Stop, Task Loop)> all;
        lock (_gate)
        {
            all = [.. _electors.Values];
            _electors.Clear();
        }

        await Task.WhenAll(all.Select(StopAsync));
        _client?.Dispose();
    }

    private async Task StopAsync((LeaseElector Elector, CancellationTokenSource Stop, Task Loop) running)
    {
        await running.Stop.CancelAsync();
        try
        {
            await running.Loop;
        }
        catch (OperationCanceledException)
        {
            // stopped while it looked at the Lease
        }

        running.Stop.Dispose();
        using var timeout = new CancellationTokenSource(options.RetryPeriod + options.RetryPeriod, time);
        await running.Elector.ReleaseAsync(timeout.Token);
    }
}
