using System.Net;
using Dm.ClusterSimulator.Api;
using Dm.ClusterSimulator.Controllers;
using Dm.ClusterSimulator.Security;
using Dm.ClusterSimulator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.ClusterSimulator;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 for tests and the playground: discovery, CRUD, server-side apply,
/// watch, a rollout controller, fault injection and a request log. Start with <see cref="StartAsync"/>, stop by disposing.
/// </summary>
public sealed class ClusterSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CertificateAuthority? _authority;
    private readonly RolloutController? _controller;
    private readonly ApiServer _api;

    private ClusterSimulator(WebApplication app, ApiServer api, SimulatorOptions options, CertificateAuthority? authority, SimulatorFaults faults, RequestLog log, ClusterStore store, RolloutController? controller, Uri baseAddress)
    {
        _app = app;
        _api = api;
        _authority = authority;
        _controller = controller;
        Options = options;
        Faults = faults;
        RequestLog = log;
        Store = store;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the API server listens, e.g. <c>https://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    public SimulatorOptions Options { get; }

    public string ClusterName => Options.ClusterName;

    public SimulatorFaults Faults { get; }

    public RequestLog RequestLog { get; }

    /// <summary>The PEM of the generated CA when TLS is on; null otherwise.</summary>
    public string? CertificateAuthorityPem => _authority?.CertificatePem;

    internal ClusterStore Store { get; }

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion => Store.ResourceVersion;

    public static async Task<ClusterSimulator> StartAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RolloutSpeed <= 0)
        {
            throw new ArgumentException("RolloutSpeed must be greater than 0", nameof(options));
        }

        if (options.Auth == SimulatorAuthMode.ClientCertificate && !options.UseTls)
        {
            throw new ArgumentException("Client certificate authentication needs UseTls", nameof(options));
        }

        if (options.Auth == SimulatorAuthMode.BearerToken && options.BearerTokens.Count == 0)
        {
            throw new ArgumentException("Bearer token authentication needs at least one token in BearerTokens", nameof(options));
        }

        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<ClusterSimulator>();
        var authority = !options.UseTls ? null
            : options.CertificateAuthority is { } ca ? new CertificateAuthority(ca, options.TimeProvider)
            : new CertificateAuthority(options.ClusterName, options.TimeProvider);
        var faults = new SimulatorFaults(new Random(options.FaultSeed));
        var log = new RequestLog();
        var store = new ClusterStore(new ResourceCatalog(), options.TimeProvider, options.WatchHistorySize, new Random(options.FaultSeed));
        var api = new ApiServer(store, faults, log, options, authority, logger);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore();
        if (authority is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (authority is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = authority.IssueServerCertificate(),
                        ClientCertificateMode = options.Auth == SimulatorAuthMode.ClientCertificate ? ClientCertificateMode.AllowCertificate : ClientCertificateMode.NoCertificate,
                        ClientCertificateValidation = (_, _, _) => true,
                    });
                }
            });
        });
        var app = builder.Build();
        app.Run(api.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var baseAddress = new Uri($"{(authority is null ? "http" : "https")}://127.0.0.1:{port}/");
        api.ServerAddress = $"127.0.0.1:{port}";
        var controller = options.RunControllers ? new RolloutController(store, options, new Random(options.FaultSeed + 1), loggerFactory.CreateLogger<RolloutController>()) : null;
        controller?.Start();
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Cluster simulator {Cluster} listening on {Address}", options.ClusterName, baseAddress);
        }
        return new ClusterSimulator(app, api, options, authority, faults, log, store, controller, baseAddress);
    }

    /// <summary>Issues a client certificate signed by the simulator's CA (TLS only); groups become the subject's O entries.</summary>
    public ClientCertificate IssueClientCertificate(string user, params string[] groups)
    {
        if (_authority is null)
        {
            throw new InvalidOperationException("The simulator runs without TLS, so it has no CA to issue client certificates");
        }

        return _authority.IssueClientCertificate(user, groups);
    }

    /// <summary>Writes a kubeconfig with one context for this simulator and returns the path.</summary>
    public string WriteKubeconfig(string path, string? contextName = null, string? defaultNamespace = null)
    {
        KubeconfigWriter.Write(path, [new KubeconfigContext(contextName ?? ClusterName, this, defaultNamespace)]);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_controller is not null)
        {
            await _controller.DisposeAsync();
        }

        _api.Stop();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _authority?.Dispose();
        _api.Dispose();
    }
}
