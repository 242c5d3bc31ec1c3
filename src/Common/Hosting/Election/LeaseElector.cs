using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Dm.Hosting.Election;

/// <summary>
/// Holds one <c>coordination.k8s.io/v1</c> Lease through <see cref="IClusterClient"/>: every retry period it reads
/// the Lease, decides (<see cref="LeasePolicy.Decide"/>) and writes by server-side apply. A create carries no
/// resourceVersion and a field manager of this replica's own, so two replicas creating at once conflict (409); a renewal
/// or take-over carries the observed <c>metadata.resourceVersion</c>, which the API server treats as a precondition
/// (409 when the Lease changed since it was read). A leader that cannot renew within the renew deadline, or finds
/// another holder, stops leading; <see cref="ReleaseAsync"/> gives the Lease up on shutdown.
/// </summary>
public sealed class LeaseElector
{
    private readonly IClusterClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResourceKey _key;
    private readonly string _fieldManager;
    private readonly string _lease;
    private readonly string _identity;
    private string? _observedVersion;
    private DateTimeOffset _observedSince;
    private LeaseRecord? _held;
    private DateTimeOffset _validUntil = DateTimeOffset.MinValue;

    public LeaseElector(IClusterClient client, LeaderElectionOptions options, string leaseName, string identity, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
        _key = new ResourceKey("coordination.k8s.io", "Lease", options.Namespace, leaseName);
        var manager = "dm-lease-" + identity;
        _fieldManager = manager.Length > 128 ? manager[..128] : manager;
        _lease = $"{options.Namespace}/{leaseName}";
        _identity = identity;
        Leadership = Leadership.Elect(_lease, identity, time);
    }

    public Leadership Leadership { get; }

    /// <summary>Tries, renews or stands by every retry period until cancelled (it does not release; see <see cref="ReleaseAsync"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await TryOnceAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One look at the Lease: acquire, renew, take over or stand by. Failures are logged, never thrown (except cancellation).</summary>
    public async Task TryOnceAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var leading = _held is not null;

        // A leader's attempt must end by its deadline; a standby's within a retry period or two.
        var bound = leading ? _validUntil - started : _options.RenewDeadline;
        using var deadline = new CancellationTokenSource(bound > TimeSpan.Zero ? bound : TimeSpan.FromMilliseconds(1), _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var live = await _client.GetAsync(_key, attempt.Token).ConfigureAwait(false);
            var observed = live is null ? null : LeaseRecord.FromObject(live);
            if (observed?.ResourceVersion != _observedVersion || observed is null)
            {
                _observedVersion = observed?.ResourceVersion;
                _observedSince = started;
            }

            var decision = LeasePolicy.Decide(observed, _observedSince, _identity, _options.LeaseDuration, started);
            switch (decision)
            {
                case LeaseDecision.Wait wait:
                    if (leading)
                    {
                        _logger.LogWarning("Lost lease {Lease}: {Holder} holds it now", _lease, wait.Holder);
                    }

                    StepDown(wait.Holder);
                    return;
                case LeaseDecision.Acquire acquire:
                    await WriteAsync(acquire.Lease, force: false, started, attempt.Token).ConfigureAwait(false);
                    _logger.LogInformation("Acquired lease {Lease} as {Identity} (created it)", _lease, _identity);
                    return;
                case LeaseDecision.TakeOver takeOver:
                    await WriteAsync(takeOver.Lease, force: true, started, attempt.Token).ConfigureAwait(false);
                    var previous = takeOver.PreviousHolder ?? "none (released)";
                    var transitions = takeOver.Lease.LeaseTransitions;
                    _logger.LogInformation("Acquired lease {Lease} as {Identity} (previous holder {Holder}, transition {Transitions})", _lease, _identity, previous, transitions);
                    return;
                case LeaseDecision.Renew renew:
                    await WriteAsync(renew.Lease, force: false, started, attempt.Token).ConfigureAwait(false);
                    if (!leading)
                    {
                        _logger.LogInformation("Acquired lease {Lease} as {Identity} (already held under this identity)", _lease, _identity);
                    }

                    return;
            }
        }
        catch (KubernetesApiException ex) when (ex.Code == 409)
        {
            // Someone wrote the Lease since it was read (or owns the holder field): it is theirs; look again next period.
            _observedVersion = null;
            if (leading)
            {
                _logger.LogWarning("Lost lease {Lease}: renewal conflicted ({Error})", _lease, ex.Message);
            }

            StepDown(null);
        }
        catch (Exception ex) when (ex is KubernetesApiException or KubernetesTransportException or ClusterCredentialException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _logger.LogWarning("Lease {Lease} could not be read or written: {Error}", _lease, ex.Message);
            if (leading && _time.GetUtcNow() >= _validUntil)
            {
                _logger.LogWarning("Stopped leading lease {Lease}: no renewal within the renew deadline {RenewDeadline}", _lease, _options.RenewDeadline);
                StepDown(null);
            }
        }
    }

    /// <summary>
    /// Gives the Lease up when this replica holds it: no holder and a one-second duration, on the resourceVersion it
    /// last wrote, so a standby takes over at its next look. Stops leading first, whatever the outcome.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        var held = _held;
        StepDown(null);
        if (held is null)
        {
            return;
        }

        try
        {
            await _client.ApplyAsync(LeasePolicy.Release(held).ToManifest(_key.Namespace, _key.Name), new ApplyOptions(_fieldManager), cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Released lease {Lease}", _lease);
        }
        catch (Exception ex) when (ex is KubernetesApiException or KubernetesTransportException or ClusterCredentialException or OperationCanceledException)
        {
            // A standby then waits out the lease duration.
            _logger.LogWarning("Lease {Lease} could not be released: {Error}", _lease, ex.Message);
        }
    }

    private async Task WriteAsync(LeaseRecord lease, bool force, DateTimeOffset started, CancellationToken cancellationToken)
    {
        JsonObject stored = await _client.ApplyAsync(lease.ToManifest(_key.Namespace, _key.Name), new ApplyOptions(_fieldManager, Force: force), cancellationToken).ConfigureAwait(false);
        _held = LeaseRecord.FromObject(stored);
        _observedVersion = _held.ResourceVersion;
        _observedSince = started;
        _validUntil = started + _options.RenewDeadline;
        Leadership.Led(_validUntil);
    }

    private void StepDown(string? holder)
    {
        _held = null;
        _validUntil = DateTimeOffset.MinValue;
        Leadership.Follow(holder);
    }
}
