using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Dm.Kubernetes;

/// <summary>
/// Runs a kubeconfig exec credential plugin (<c>client.authentication.k8s.io/v1</c> or <c>v1beta1</c>) the way kubectl
/// does: the command with its args and env plus <c>KUBERNETES_EXEC_INFO</c>, no stdin; parses the ExecCredential it
/// prints and caches it until <c>expirationTimestamp</c> (or until <see cref="Invalidate"/> after a 401).
/// One plugin run at a time; concurrent callers share the result.
/// </summary>
internal sealed class ExecCredentialPlugin : IDisposable
{
    private readonly ExecCredentialSpec _spec;
    private readonly ClusterEndpoint _cluster;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ExecCredential? _cached;

    public ExecCredentialPlugin(ExecCredentialSpec spec, ClusterEndpoint cluster, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        _spec = spec;
        _cluster = cluster;
        _timeout = timeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>The credential last obtained, if any (its client certificate is offered in TLS handshakes).</summary>
    public ExecCredential? Current => Volatile.Read(ref _cached);

    public async Task<ExecCredential> GetAsync(CancellationToken cancellationToken)
    {
        var cached = Current;
        if (cached is not null && !IsExpired(cached))
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            cached = Current;
            if (cached is not null && !IsExpired(cached))
            {
                return cached;
            }

            var fresh = await RunAsync(cancellationToken);
            Volatile.Write(ref _cached, fresh);
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> (the server answered 401 to it) so the next request runs the plugin again.</summary>
    public bool Invalidate(ExecCredential rejected) => Interlocked.CompareExchange(ref _cached, null, rejected) == rejected;

    public void Dispose() => _gate.Dispose();

    private bool IsExpired(ExecCredential credential) => credential.Expiration is { } expiry && _time.GetUtcNow() >= expiry;

    private async Task<ExecCredential> RunAsync(CancellationToken cancellationToken)
    {
        var command = _spec.Command;
        if (!Path.IsPathRooted(command) && command.Contains('/', StringComparison.Ordinal))
        {
            command = Path.GetFullPath(Path.Combine(_spec.WorkingDirectory, command));
        }

        var start = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in _spec.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _spec.Env)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo();

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("Running exec credential plugin {Command} for {Cluster}", _spec.Command, _cluster.Name);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ClusterCredentialException($"exec plugin {_spec.Command}: could not be started");
        }
        catch (Win32Exception e)
        {
            var hint = string.IsNullOrEmpty(_spec.InstallHint) ? string.Empty : $" ({_spec.InstallHint.Trim()})";
            throw new ClusterCredentialException($"exec plugin {_spec.Command}: could not be started: {e.Message}{hint}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
            var stderr = process.StandardError.ReadToEndAsync(linked.Token);
            try
            {
                await process.WaitForExitAsync(linked.Token);
                await Task.WhenAll(stdout, stderr);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new ClusterCredentialException($"exec plugin {_spec.Command}: no credential within {_timeout.TotalSeconds:0.###} s (the plugin was stopped)");
            }

            if (process.ExitCode != 0)
            {
                var error = (await stderr).Trim();
                error = error.Length > 500 ? error[..500] + "..." : error;
                throw new ClusterCredentialException($"exec plugin {_spec.Command}: exited with code {process.ExitCode}{(error.Length > 0 ? $": {error}" : string.Empty)}");
            }

            return Parse(await stdout);
        }
    }

    private ExecCredential Parse(string output)
    {
        var where = $"exec plugin {_spec.Command}";
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(output) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null || (string?)json["kind"] != "ExecCredential")
        {
            throw new ClusterCredentialException($"{where}: output is not an ExecCredential JSON object");
        }

        if ((string?)json["apiVersion"] is { } apiVersion && apiVersion != _spec.ApiVersion)
        {
            throw new ClusterCredentialException($"{where}: printed apiVersion {apiVersion}, but the kubeconfig asks for {_spec.ApiVersion}");
        }

        if (json["status"] is not JsonObject status)
        {
            throw new ClusterCredentialException($"{where}: ExecCredential has no status");
        }

        var token = (string?)status["token"];
        var certificatePem = (string?)status["clientCertificateData"];
        var keyPem = (string?)status["clientKeyData"];
        X509Certificate2? certificate = null;
        if (!string.IsNullOrEmpty(certificatePem) || !string.IsNullOrEmpty(keyPem))
        {
            if (string.IsNullOrEmpty(certificatePem) || string.IsNullOrEmpty(keyPem))
            {
                throw new ClusterCredentialException($"{where}: status has only one of clientCertificateData and clientKeyData");
            }

            try
            {
                certificate = PemMaterial.ClientCertificate(certificatePem, keyPem, where);
            }
            catch (KubeConfigException e)
            {
                throw new ClusterCredentialException(e.Message, e);
            }
        }

        if (string.IsNullOrEmpty(token) && certificate is null)
        {
            throw new ClusterCredentialException($"{where}: status has neither a token nor a client certificate");
        }

        DateTimeOffset? expiration = null;
        if ((string?)status["expirationTimestamp"] is { Length: > 0 } expiry)
        {
            if (!DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new ClusterCredentialException($"{where}: expirationTimestamp \"{expiry}\" is not an RFC 3339 time");
            }

            expiration = parsed;
        }

        return new ExecCredential(string.IsNullOrEmpty(token) ? null : token, certificate, expiration);
    }

    private string ExecInfo()
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (_spec.ProvideClusterInfo)
        {
            var cluster = new JsonObject
            {
                ["server"] = _cluster.Server.ToString(),
                ["insecure-skip-tls-verify"] = _cluster.InsecureSkipTlsVerify,
            };
            if (_cluster.TlsServerName is { } serverName)
            {
                cluster["tls-server-name"] = serverName;
            }

            if (_cluster.CertificateAuthorities.Count > 0)
            {
                var pem = string.Concat(_cluster.CertificateAuthorities.Select(c => c.ExportCertificatePem() + "\n"));
                cluster["certificate-authority-data"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem));
            }

            spec["cluster"] = cluster;
        }

        return new JsonObject { ["apiVersion"] = _spec.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = spec }.ToJsonString();
    }
}
