using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dm.Deployer.Reconcile;
using Dm.Domain;
using Dm.Status;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Hosting;

/// <summary>
/// What <c>GET /api/status</c> answers: this replica's report, with every environment it does not lead (a standby's
/// <see cref="Reasons.NotLeader"/> entry) taken from the peer replica that leads it. So readers behind a Service
/// (the transitioner's <c>SourceClean</c>, the aggregator, a person with curl) see the leaders' view whichever replica
/// answers, as Argo CD and Flux users expect of any of their controller's endpoints. Peers are asked with
/// <c>?scope=local</c>, never recursively; a peer name resolving to several addresses (a headless Service) is asked at
/// each. A peer that cannot be read leaves the standby entry as it is (Unknown, NotLeader, naming the Lease holder).
/// </summary>
public sealed partial class LeaderStatusView(DeployerOptions options, DeployerStatusStore store, ILogger<LeaderStatusView> logger) : IDisposable
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(2);
    private readonly HttpClient _http = new() { Timeout = PeerTimeout };

    public async Task<DeployerStatusReport> ReportAsync(CancellationToken cancellationToken)
    {
        var local = store.Report();
        if (options.Peers.Count == 0 || !local.Environments.Values.Any(DeployerReports.Standby))
        {
            return local;
        }

        var addresses = (await Task.WhenAll(options.Peers.Select(p => AddressesAsync(p, cancellationToken)))).SelectMany(a => a).Distinct().ToList();
        var peers = await Task.WhenAll(addresses.Select(a => ReadPeerAsync(a, cancellationToken)));
        return DeployerReports.Merge([local, .. peers.OfType<DeployerStatusReport>()]);
    }

    public void Dispose() => _http.Dispose();

    private async Task<DeployerStatusReport?> ReadPeerAsync(Uri peer, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetFromJsonAsync<DeployerStatusReport>(new Uri(peer, "api/status?scope=local"), DmJson.Options, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            PeerUnread(logger, peer, ex.Message);
            return null;
        }
    }

    /// <summary>The peer URL itself for an IP address; one URL per address its name resolves to otherwise.</summary>
    private async Task<IReadOnlyList<Uri>> AddressesAsync(Uri peer, CancellationToken cancellationToken)
    {
        if (peer.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return [peer];
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(peer.DnsSafeHost, cancellationToken);
            return [.. addresses.Select(a => new UriBuilder(peer) { Host = a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString() }.Uri)];
        }
        catch (SocketException ex)
        {
            PeerUnresolved(logger, peer.DnsSafeHost, ex.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Peer} did not answer its status: {Error}")]
    private static partial void PeerUnread(ILogger logger, Uri peer, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer name {Peer} does not resolve: {Error}")]
    private static partial void PeerUnresolved(ILogger logger, string peer, string error);
}
