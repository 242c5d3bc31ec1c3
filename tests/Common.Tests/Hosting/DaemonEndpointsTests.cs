using System.Net;
using System.Text;
using Dm.Common.Hosting;
using Dm.Common.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Common.Tests.Hosting;

public sealed class DaemonEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly DaemonEndpointContext _context = new(new RefreshSignal(), new DaemonReadiness(), new MetricsRegistry(), "main", "s3cret");
    private WebApplication? _app;
    private HttpClient? _http;

    private HttpClient Http => _http ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapDaemonEndpoints(_context);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _http?.Dispose();

    [Fact]
    public async Task Healthz_is_ok_and_readyz_follows_readiness()
    {
        Assert.Equal("ok", await Http.GetStringAsync("/healthz"));

        var notReady = await Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("Not ready: starting", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _context.Readiness.MarkReady();
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Metrics_are_served_as_prometheus_text()
    {
        _context.Metrics.Counter("dm_test_total", "A test counter.").Inc();

        var response = await Http.GetAsync("/metrics");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("dm_test_total 1", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_resident_memory_bytes gauge", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total{generation=\"0\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_and_a_signed_webhook_wake_the_loop_and_a_bad_signature_does_not()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Http.PostAsync("/api/refresh", null)).StatusCode);
        Assert.Equal(1, _context.Refresh.Requests);

        using var unsigned = new StringContent("""{"ref":"refs/heads/main"}""", Encoding.UTF8, "application/json");
        unsigned.Headers.Add("X-GitHub-Event", "push");
        var refused = await Http.PostAsync("/api/hooks/git", unsigned);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, _context.Refresh.Requests);

        using var gitlab = new StringContent("""{"ref":"refs/heads/main"}""", Encoding.UTF8, "application/json");
        gitlab.Headers.Add("X-Gitlab-Event", "Push Hook");
        gitlab.Headers.Add("X-Gitlab-Token", "s3cret");
        Assert.Equal(HttpStatusCode.Accepted, (await Http.PostAsync("/api/hooks/git", gitlab)).StatusCode);
        Assert.Equal(2, _context.Refresh.Requests);
    }
}
