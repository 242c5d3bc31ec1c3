using System.Net.Http.Json;
using System.Text.Json;

namespace Dm.Status;

/// <summary>Reads another daemon's <c>GET /api/status</c> (the transitioner and aggregator read the deployer's, the aggregator the transitioner's).</summary>
public sealed class StatusClient(HttpClient http)
{
    public Task<DeployerStatusReport> GetDeployerStatusAsync(Uri deployerBaseAddress, CancellationToken cancellationToken) =>
        GetAsync<DeployerStatusReport>(deployerBaseAddress, cancellationToken);

    public Task<TransitionerStatusReport> GetTransitionerStatusAsync(Uri transitionerBaseAddress, CancellationToken cancellationToken) =>
        GetAsync<TransitionerStatusReport>(transitionerBaseAddress, cancellationToken);

    private async Task<T> GetAsync<T>(Uri baseAddress, CancellationToken cancellationToken)
    {
        var url = new Uri(baseAddress, "api/status");
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}", null, response.StatusCode);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(DmJson.Options, cancellationToken)
                ?? throw new HttpRequestException($"GET {url} answered an empty body.");
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException($"GET {url} answered a body that is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
