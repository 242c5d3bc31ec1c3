using Dm.Kubernetes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dm.Hosting.Election;

/// <summary>
/// Runs a <see cref="LeaseElector"/> for the host's lifetime and releases the Lease when the host stops. Register it
/// before the services it gates: hosts stop services in reverse order, so the gated work finishes (or is abandoned)
/// before the Lease is given up.
/// </summary>
public sealed class LeaderElectionService(LeaseElector? elector, TimeSpan releaseTimeout, IDisposable? ownedClient = null) : BackgroundService
{
    /// <summary>The elector's leadership; without election (a null elector) the replica always acts.</summary>
    public Leadership Leadership { get; } = elector?.Leadership ?? Leadership.Unelected();

    /// <summary>
    /// The client for the Lease's cluster: <see cref="LeaderElectionOptions.Kubeconfig"/> and context when given,
    /// else the in-cluster configuration (kubectl's default files outside a pod).
    /// </summary>
    public static KubernetesRestClient CreateClient(LeaderElectionOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = KubeConfigLoader.ResolveEndpoint(
            string.IsNullOrWhiteSpace(options.Kubeconfig) ? null : options.Kubeconfig,
            string.IsNullOrWhiteSpace(options.Context) ? null : options.Context);

        // One attempt per look, bounded by the retry period; the elector's own loop is the retry.
        var clientOptions = new KubernetesClientOptions
        {
            Retry = RetryPolicy.Default with { MaxAttempts = 1 },
            RequestTimeout = options.RetryPeriod < options.RenewDeadline ? options.RenewDeadline - options.RetryPeriod : options.RenewDeadline,
        };
        return new KubernetesRestClient(endpoint, clientOptions, time, loggerFactory.CreateLogger<KubernetesRestClient>());
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (elector is null)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(releaseTimeout);
        await elector.ReleaseAsync(timeout.Token).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        base.Dispose();
        ownedClient?.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => elector?.RunAsync(stoppingToken) ?? Task.CompletedTask;
}
