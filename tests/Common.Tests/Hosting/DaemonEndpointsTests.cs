using System.Net;
using System.Text;
using Dm.Hosting;
using Dm.TestSupport.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Common.Tests.Hosting;

public sealed class DaemonEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly DaemonEndpointContext _context = new(new RefreshSignal(), new DaemonReadiness(), DaemonMetrics.NewRegistry(), "main", "s3cret");
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
    public async Task Metrics_are_served_as_prometheus_text_with_the_process_and_gc_figures()
    {
        Prometheus.Metrics.WithCustomRegistry(_context.Metrics).CreateCounter("dm_test_total", "A test counter.", "environment").WithLabels("d\"e\\v\n").Inc(2);
        GC.Collect(0);

        var response = await Http.GetAsync("/metrics");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        var families = PrometheusTextParser.Parse(text).ToDictionary(f => f.Name);
        var test = Assert.Single(families["dm_test_total"].Samples);
        Assert.Equal(("counter", "A test counter.", "d\"e\\v\n", 2.0), (families["dm_test_total"].Type, families["dm_test_total"].Help, test.Label("environment"), test.Value));
        Assert.True(Value(families, "process_working_set_bytes") > 1_000_000);
        Assert.True(Value(families, "process_cpu_seconds_total") > 0);
        Assert.True(Value(families, "dotnet_gc_heap_size_bytes") > 0);
        Assert.True(Value(families, "dotnet_gc_committed_bytes") > 0);
        Assert.True(Value(families, "dotnet_gc_allocated_bytes_total") > 0);
        var collections = families["dotnet_collection_count_total"];
        Assert.Equal("counter", collections.Type);
        Assert.Equal(["0", "1", "2"], collections.Samples.Select(s => s.Label("generation")).Order(StringComparer.Ordinal));
        Assert.True(collections.Samples.Single(s => s.Label("generation") == "0").Value >= 1);
    }

    private static double Value(Dictionary<string, ExpositionFamily> families, string name) => Assert.Single(families[name].Samples).Value;

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
