using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dm.Git;
using Dm.Playground;
using Dm.Status;
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

    /// <summary>Starts the system in <paramref name="temp"/>'s <c>playground</c> folder (resuming what is there), or in a new temp directory; the system owns and deletes it.</summary>
    public static async Task<RunningSystem> StartAsync(string fixtureYaml = SystemFixtures.Chain, TempDirectory? temp = null)
    {
        temp ??= new TempDirectory();
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

    /// <summary>The aggregator's <c>GET /api/state</c>, what the UI shows.</summary>
    public async Task<JsonObject> StateAsync() =>
        JsonNode.Parse(await _http.GetStringAsync(new Uri(System.AggregatorAddress, "api/state")))!.AsObject();

    /// <summary>The version of <paramref name="resource"/> in <paramref name="env"/> as the aggregator shows it (<c>GET /api/state</c>, what the UI shows).</summary>
    public async Task<string?> AggregatorVersionAsync(string resource, string env)
    {
        var state = await StateAsync();
        return state["resources"]!.AsArray()
            .FirstOrDefault(r => r!["name"]!.GetValue<string>() == resource)?["environments"]?[env]?["version"]?.GetValue<string>();
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

    /// <summary>
    /// The images Deployment <paramref name="name"/> rolled out in <paramref name="ns"/>, oldest first: its ReplicaSets
    /// (the simulator keeps old ones, scaled to 0) in <c>deployment.kubernetes.io/revision</c> order.
    /// </summary>
    public async Task<IReadOnlyList<string>> RolloutsAsync(Simulator cluster, string ns, string name)
    {
        var list = JsonNode.Parse(await _http.GetStringAsync(new Uri(cluster.BaseAddress, $"apis/apps/v1/namespaces/{ns}/replicasets")))!;
        return list["items"]!.AsArray()
            .Where(rs => rs!["metadata"]!["ownerReferences"]?.AsArray().Any(o => o!["kind"]!.GetValue<string>() == "Deployment" && o["name"]!.GetValue<string>() == name) == true)
            .OrderBy(rs => long.Parse(rs!["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>(), global::System.Globalization.CultureInfo.InvariantCulture))
            .Select(rs => rs!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>())
            .Aggregate(new List<string>(), (images, image) =>
            {
                if (images.Count == 0 || images[^1] != image)
                {
                    images.Add(image);
                }

                return images;
            });
    }

    public Task WaitForImageAsync(Simulator cluster, string ns, string name, string image) =>
        Eventually.HoldsAsync(async () => await LiveImageAsync(cluster, ns, name) == image, $"{ns}/{name} runs {image}", Timeout);

    public Task<DeployerStatusReport> DeployerStatusAsync() =>
        new StatusClient(_http).GetDeployerStatusAsync(System.DeployerAddress, CancellationToken.None);

    public Task<TransitionerStatusReport> TransitionerStatusAsync() =>
        new StatusClient(_http).GetTransitionerStatusAsync(System.TransitionerAddress, CancellationToken.None);

    /// <summary>What a failed whole-system test needs to explain itself: main's log and each running daemon's raw status.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var text = new global::System.Text.StringBuilder();
        text.Append("main:\n").Append(PlainGit.Run(RepoPath, "log", "--format=%h %s", "main"));
        foreach (var (daemon, address) in new[] { (PlaygroundDaemon.Deployer, System.DeployerAddress), (PlaygroundDaemon.Transitioner, System.TransitionerAddress) })
        {
            text.Append('\n').Append(daemon).Append(" status: ");
            try
            {
                if (System.IsRunning(daemon))
                {
                    using var ready = await _http.GetAsync(new Uri(address, "readyz"));
                    text.Append(await _http.GetStringAsync(new Uri(address, "api/status")))
                        .Append('\n').Append(daemon).Append(" readyz: ").Append((int)ready.StatusCode).Append(' ').Append(await ready.Content.ReadAsStringAsync());
                }
                else
                {
                    text.Append("(stopped)");
                }
            }
            catch (HttpRequestException e)
            {
                text.Append(e.Message);
            }
        }

        var locks = Directory.EnumerateFiles(System.Directory, "*.lock", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(System.Directory, f)).ToList();
        text.Append("\nlock files: ").Append(locks.Count == 0 ? "none" : string.Join(", ", locks));
        return text.ToString();
    }

    /// <summary>Runs <paramref name="wait"/>; when it times out, the exception carries <see cref="DiagnosticsAsync"/>.</summary>
    public async Task ExplainedAsync(Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await DiagnosticsAsync()}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await System.DisposeAsync();
        _http.Dispose();
        _temp.Dispose();
    }
}
