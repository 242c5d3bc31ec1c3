using System.Globalization;
using System.Net.Http.Json;
using Dm.GitFixture;

namespace Dm.Playground;

/// <summary>
/// A fake CI for <c>--demo</c>: every interval it posts a new version of a random resource to the aggregator's
/// <c>POST /api/versions</c>, with an image field and a generated changelog, and says so on the console.
/// </summary>
public sealed class DemoCi(HttpClient http, IReadOnlyList<string> resources, TimeSpan interval, TimeProvider timeProvider, TextWriter output)
{
    private static readonly string[] Changes =
    [
        "Faster page loads by caching the product list",
        "Fix a crash when the basket is empty",
        "Retry payment provider timeouts once",
        "Upgrade the HTTP client library",
        "Add structured logging to the checkout flow",
        "Show prices in the customer's currency",
        "Reduce memory use of the search index by 20%",
        "Tighten the content security policy",
    ];

    /// <summary>The resources with version files in the fixture (<c>&lt;env&gt;/version/&lt;name&gt;.yaml</c>), sorted.</summary>
    public static IReadOnlyList<string> ResourcesOf(string fixtureYaml)
    {
        var template = FixtureTemplate.Parse(fixtureYaml);
        return template.Commits[^1].Files.Keys
            .Select(path => path.Split('/'))
            .Where(parts => parts.Length == 3 && parts[1] == "version" && parts[2].EndsWith(".yaml", StringComparison.Ordinal))
            .Select(parts => parts[2][..^".yaml".Length])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Posts until <paramref name="cancellationToken"/> is cancelled; failed posts are reported and the loop goes on.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (resources.Count == 0)
        {
            await output.WriteLineAsync("demo CI: the fixture has no version files, so there is nothing to post.");
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var resource = resources[Random.Shared.Next(resources.Count)];
            var version = timeProvider.GetUtcNow().ToString("yyyy.MMdd.HHmmss", CultureInfo.InvariantCulture);
            var changelog = Changes[Random.Shared.Next(Changes.Length)];
            var body = new { resource, version, fields = new Dictionary<string, string> { ["image"] = $"ghcr.io/example/{resource}:{version}" }, changelog };
            try
            {
                using var response = await http.PostAsJsonAsync("api/versions", body, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                await output.WriteLineAsync(response.IsSuccessStatusCode
                    ? $"demo CI: posted {resource} {version} ({changelog})"
                    : $"demo CI: posting {resource} {version} failed: {(int)response.StatusCode} {text}");
            }
            catch (HttpRequestException e)
            {
                await output.WriteLineAsync($"demo CI: posting {resource} {version} failed: {e.Message}");
            }
        }
    }
}
