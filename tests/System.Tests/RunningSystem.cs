using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dm.Common.Status;
using Dm.Playground;
using Simulator = Dm.ClusterSimulator.ClusterSimulator;

namespace Dm.System.Tests;

/// <summary>A <see cref="PlaygroundSystem"/> in a temp directory, with the HTTP calls the tests make to it.</summary>
internal sealed class RunningSystem : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp;
    private readonly HttpClient _http = new();

    private RunningSystem(TempDirectory temp, PlaygroundSystem system)
    {
        _temp = temp;
        System = system;
    }

    public PlaygroundSystem System { get; }

    public string RepoPath => System.RepoPath;

    public static async Task<RunningSystem> StartAsync(string fixtureYaml = SystemFixtures.Chain)
    {
        var temp = new TempDirectory();
        try
        {
            var system = await PlaygroundSystem.StartAsync(
                new PlaygroundOptions
                {
                    Directory = temp.Sub("playground"),
                    Port = 0,
                    FixtureYaml = fixtureYaml,
                    PollInterval = TimeSpan.FromMilliseconds(500),
                    HealthCheckInterval = TimeSpan.FromMilliseconds(100),
                    RolloutSpeed = 20,
                    LogLevel = null,
                },
                CancellationToken.None);
            return new RunningSystem(temp, system);
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    /// <summary>Posts a new version to the aggregator as CI does and returns the response body.</summary>
    public async Task<JsonObject> PostVersionAsync(string resource, string version, string changelog)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(System.AggregatorAddress, "api/versions"), new { resource, version, changelog });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/versions answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(System.AggregatorAddress, path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>The image of the first container of Deployment <paramref name="name"/> as the simulated cluster serves it (null when absent).</summary>
    public async Task<string?> LiveImageAsync(Simulator cluster, string ns, string name)
    {
        using var response = await _http.GetAsync(new Uri(cluster.BaseAddress, $"apis/apps/v1/namespaces/{ns}/deployments/{name}"));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var deployment = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return deployment["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();
    }

    public Task WaitForImageAsync(Simulator cluster, string ns, string name, string image) =>
        Eventually.HoldsAsync(async () => await LiveImageAsync(cluster, ns, name) == image, $"{ns}/{name} runs {image}", Timeout);

    public Task<DeployerStatusReport> DeployerStatusAsync() =>
        new StatusClient(_http).GetDeployerStatusAsync(System.DeployerAddress, CancellationToken.None);

    public Task<TransitionerStatusReport> TransitionerStatusAsync() =>
        new StatusClient(_http).GetTransitionerStatusAsync(System.TransitionerAddress, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await System.DisposeAsync();
        _http.Dispose();
        _temp.Dispose();
    }
}
