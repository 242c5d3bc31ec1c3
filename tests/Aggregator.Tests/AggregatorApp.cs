using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dm.GitFixture;
using Dm.Status;
using Dm.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Dm.Aggregator.Tests;

/// <summary>An aggregator on WebApplicationFactory over a fresh bare repo made by GitFixture, in its own temp directory.</summary>
internal sealed class AggregatorApp : IAsyncDisposable
{
    public const string CiToken = "ci-token-0123456789abcdef";
    public const string OperatorToken = "operator-token-0123456789";
    public const string ViewerToken = "viewer-token-0123456789ab";

    private readonly TempDirectory _dir;
    private readonly Dictionary<string, string?> _config;
    private WebApplicationFactory<Program> _factory;

    private AggregatorApp(TempDirectory dir, FixtureRepository remote, Dictionary<string, string?> config)
    {
        _dir = dir;
        Remote = remote;
        _config = config;
        _factory = Create(config);
    }

    public FixtureRepository Remote { get; }

    public string RemoteGit => Remote.GitDirectory;

    public IServiceProvider Services => _factory.Services;

    public static async Task<AggregatorApp> StartAsync(
        bool tokens = false,
        IDictionary<string, string>? files = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<string>? beforeStart = null)
    {
        var dir = new TempDirectory();
        var commits = new List<FixtureCommit> { new("seed", "Seed", null, new Dictionary<string, string>(files ?? TestRepo.Files())) };
        var remote = await FixtureRepository.CreateAsync(new FixtureTemplate(commits), dir.Sub("remote.git"), CancellationToken.None);
        beforeStart?.Invoke(remote.GitDirectory);
        var config = new Dictionary<string, string?>
        {
            ["aggregator:repoUrl"] = remote.GitDirectory,
            ["aggregator:checkoutPath"] = dir.Sub("mirror.git"),
            ["aggregator:pollInterval"] = "00:00:30",
            ["aggregator:auth"] = tokens ? "tokens" : "none",
        };
        if (tokens)
        {
            config["aggregator:tokens:0:name"] = "ci-bot";
            config["aggregator:tokens:0:token"] = CiToken;
            config["aggregator:tokens:0:role"] = "ci";
            config["aggregator:tokens:1:name"] = "Olga Operator";
            config["aggregator:tokens:1:token"] = OperatorToken;
            config["aggregator:tokens:1:role"] = "operator";
            config["aggregator:tokens:2:name"] = "vic";
            config["aggregator:tokens:2:token"] = ViewerToken;
            config["aggregator:tokens:2:role"] = "viewer";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        return new AggregatorApp(dir, remote, config);
    }

    /// <summary>Stops the aggregator and starts it again on the same mirror and configuration (a restart of the daemon).</summary>
    public async Task RestartAsync()
    {
        await _factory.DisposeAsync();
        _factory = Create(_config);
    }

    private static WebApplicationFactory<Program> Create(Dictionary<string, string?> config)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(config)));
        _ = factory.Server;
        return factory;
    }

    public HttpClient Client(string? token = null)
    {
        var client = _factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public string Head() => PlainGit.Run(RemoteGit, "rev-parse", "main").Trim();

    public int CommitCount() => int.Parse(PlainGit.Run(RemoteGit, "rev-list", "--count", "main").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public string Show(string path, string rev = "main") => PlainGit.Run(RemoteGit, "show", $"{rev}:{path}");

    public string Message(string rev = "main") => PlainGit.Run(RemoteGit, "log", "-1", "--format=%B", rev);

    public string Author(string rev = "main") => PlainGit.Run(RemoteGit, "log", "-1", "--format=%an", rev).Trim();

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(DmJson.Options))!;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _dir.Dispose();
    }
}
