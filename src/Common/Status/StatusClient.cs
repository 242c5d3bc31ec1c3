using System.Net.Http.Json;
using System.Text.Json;

namespace Dm.Status;

/// <summary>Reads another daemon's <c>GET /api/status</c> (the transitioner and aggregator read the deployer's, the aggregator the transitioner's).</summary>
public sealed class StatusClient(HttpClient http)
{
    public Task<DeployerStatusReport> GetDeployerStatusAsync(Uri deployerBaseAddress, CancellationToken cancellationToken) =>
        GetAsync<DeployerStatusReport>(deployerBaseAddress, cancellationToken);

    /// <summary>
    /// Reads every deployer at once and merges their reports (<see cref="DeployerReports.Merge"/>); a deployer that
    /// cannot be read is listed in <see cref="DeployerReading.Failures"/>. Throws only when none can be read.
    /// </summary>
    public async Task<DeployerReading> GetDeployerStatusAsync(IReadOnlyList<Uri> deployerBaseAddresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployerBaseAddresses);
        var reads = deployerBaseAddresses.Select(async url =>
        {
            try
            {
                return (Report: await GetDeployerStatusAsync(url, cancellationToken), Failure: (string?)null);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (Report: (DeployerStatusReport?)null, Failure: $"GET {new Uri(url, "api/status")} failed: {ex.Message}");
            }
        }).ToList();
        var results = await Task.WhenAll(reads);
        var reports = results.Where(r => r.Report is not null).Select(r => r.Report!).ToList();
        var failures = results.Where(r => r.Failure is not null).Select(r => r.Failure!).ToList();
        return reports.Count == 0
            ? throw new HttpRequestException(failures.Count == 0 ? "no deployer URL is configured" : string.Join("; ", failures))
            : new DeployerReading(DeployerReports.Merge(reports), failures);
    }

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
