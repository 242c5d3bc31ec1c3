using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Dm.Kubernetes;

/// <summary>
/// Produces the <c>Authorization</c> header for each request from the endpoint's credentials (re-reading token files
/// periodically, running exec plugins when their credential expired) and reacts to a 401 by refreshing what can be
/// refreshed. Holds the client certificate offered in TLS handshakes.
/// </summary>
internal sealed class ClusterAuthorization : IDisposable
{
    private readonly ClusterEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly ExecCredentialPlugin? _plugin;
    private readonly SemaphoreSlim _fileGate = new(1, 1);
    private FileToken? _fileToken;

    public ClusterAuthorization(ClusterEndpoint endpoint, KubernetesClientOptions options, TimeProvider time, ILogger logger)
    {
        _endpoint = endpoint;
        _time = time;
        if (endpoint.Credentials is ClusterCredentials.Exec exec)
        {
            _plugin = new ExecCredentialPlugin(exec.Spec, endpoint, options.ExecTimeout, time, logger);
        }
    }

    /// <summary>The certificate to offer: an exec plugin's, else the kubeconfig's.</summary>
    public X509Certificate2? ClientCertificate => _plugin?.Current?.ClientCertificate ?? _endpoint.ClientCertificate;

    public bool HasDynamicClientCertificate => _plugin is not null;

    public async ValueTask<AuthorizationTicket> GetAsync(CancellationToken cancellationToken)
    {
        switch (_endpoint.Credentials)
        {
            case ClusterCredentials.BearerToken token:
                return new AuthorizationTicket(new AuthenticationHeaderValue("Bearer", token.Token), null);
            case ClusterCredentials.Basic basic:
                var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.Username}:{basic.Password}"));
                return new AuthorizationTicket(new AuthenticationHeaderValue("Basic", pair), null);
            case ClusterCredentials.BearerTokenFile file:
                var fileToken = await ReadTokenFileAsync(file, cancellationToken);
                return new AuthorizationTicket(new AuthenticationHeaderValue("Bearer", fileToken.Token), fileToken);
            case ClusterCredentials.Exec:
                var credential = await _plugin!.GetAsync(cancellationToken);
                return new AuthorizationTicket(credential.Token is null ? null : new AuthenticationHeaderValue("Bearer", credential.Token), credential);
            default:
                return new AuthorizationTicket(null, null);
        }
    }

    /// <summary>After a 401 to <paramref name="ticket"/>: drops the rejected credential; true when a retry may now succeed.</summary>
    public bool Refresh(AuthorizationTicket ticket)
    {
        switch (ticket.Source)
        {
            case ExecCredential credential:
                _plugin!.Invalidate(credential);
                return true;
            case FileToken token:
                Interlocked.CompareExchange(ref _fileToken, null, token);
                return true;
            default:
                return false;
        }
    }

    public void Dispose()
    {
        _plugin?.Dispose();
        _fileGate.Dispose();
    }

    private async ValueTask<FileToken> ReadTokenFileAsync(ClusterCredentials.BearerTokenFile file, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _fileToken);
        if (current is not null && _time.GetUtcNow() - current.ReadAt < file.RefreshInterval)
        {
            return current;
        }

        await _fileGate.WaitAsync(cancellationToken);
        try
        {
            current = Volatile.Read(ref _fileToken);
            if (current is not null && _time.GetUtcNow() - current.ReadAt < file.RefreshInterval)
            {
                return current;
            }

            string token;
            try
            {
                token = (await File.ReadAllTextAsync(file.Path, cancellationToken)).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ClusterCredentialException($"token file {file.Path}: cannot read: {e.Message}", e);
            }

            if (token.Length == 0)
            {
                throw new ClusterCredentialException($"token file {file.Path}: is empty");
            }

            var fresh = new FileToken(token, _time.GetUtcNow());
            Volatile.Write(ref _fileToken, fresh);
            return fresh;
        }
        finally
        {
            _fileGate.Release();
        }
    }

    private sealed record FileToken(string Token, DateTimeOffset ReadAt)
    {
        public override string ToString() => $"FileToken {{ ReadAt = {ReadAt} }}";
    }
}
