using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>A thin raw-HTTP client over the simulator, for asserting on the wire: status code plus parsed JSON body.</summary>
public sealed class ApiClient(ClusterSimulator simulator, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler()) { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http => _http;

    public async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["raw"] = text };
        return (response.StatusCode, json);
    }

    public Task<(HttpStatusCode Code, JsonObject Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(HttpStatusCode Code, JsonObject Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<(HttpStatusCode Code, JsonObject Body)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString());

    public Task<(HttpStatusCode Code, JsonObject Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<(HttpStatusCode Code, JsonObject Body)> ApplyAsync(string path, string yaml, string manager, bool force = false, bool dryRun = false)
        => SendAsync(HttpMethod.Patch, $"{path}?fieldManager={manager}{(force ? "&force=true" : string.Empty)}{(dryRun ? "&dryRun=All" : string.Empty)}", yaml, "application/apply-patch+yaml");

    public static async Task<JsonObject> MustAsync(Task<(HttpStatusCode Code, JsonObject Body)> call)
    {
        var (code, body) = await call;
        Assert.True((int)code < 300, $"expected success, got {(int)code}: {body.ToJsonString()}");
        return body;
    }

    public void Dispose() => _http.Dispose();
}
