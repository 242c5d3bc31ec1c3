using Dm.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Tests;

/// <summary>A deployer's <c>GET /api/status</c> on 127.0.0.1:0 answering whatever the test set.</summary>
internal sealed class DeployerStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile DeployerStatusReport _report = new(new Dictionary<string, EnvironmentDeployStatus>(), DateTimeOffset.UnixEpoch);

    private DeployerStub(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public int Requests { get; private set; }

    /// <summary>When set, every status request waits for it before answering (a slow deployer).</summary>
    public Func<Task>? BeforeAnswer { get; set; }

    public static async Task<DeployerStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new DeployerStub(app);
        app.MapGet("/api/status", async () =>
        {
            stub.Requests++;
            if (stub.BeforeAnswer is { } wait)
            {
                await wait();
            }

            return Results.Json(stub._report, DmJson.Options);
        });
        await app.StartAsync();
        stub.BaseAddress = new Uri(app.Urls.First() + "/");
        return stub;
    }

    public void Set(string environment, EnvironmentState state, string? revision, string? reason = null, string? message = null) =>
        _report = _report with
        {
            Environments = new Dictionary<string, EnvironmentDeployStatus>(_report.Environments)
            {
                [environment] = new(revision, state == EnvironmentState.Clean ? revision : null, state, reason, message, new Dictionary<string, ResourceDeployStatus>(), DateTimeOffset.UnixEpoch),
            },
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
