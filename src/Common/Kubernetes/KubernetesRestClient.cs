using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dm.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.Kubernetes;

/// <summary>
/// DM's Kubernetes API client over <see cref="HttpClient"/> and System.Text.Json: one instance per cluster connection
/// (one pooled handler), thread-safe. Discovery maps kinds to paths; safe requests are retried per
/// <see cref="RetryPolicy"/>; failures become <see cref="KubernetesApiException"/> (the server answered) or
/// <see cref="KubernetesTransportException"/> (it did not).
/// </summary>
public sealed class KubernetesRestClient : IClusterClient, IDisposable
{
    private const string ApplyPatchType = "application/apply-patch+yaml";

    private readonly KubernetesClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClusterAuthorization _authorization;
    private readonly HttpClient _http;
    private readonly ApiDiscovery _discovery;
    private readonly string _server;
    private readonly Lock _randomLock = new();
    private readonly StrongBox<string?> _tlsRejection = new();

    public KubernetesRestClient(ClusterEndpoint endpoint, KubernetesClientOptions? options = null, TimeProvider? timeProvider = null, ILogger<KubernetesRestClient>? logger = null)
    {
        Endpoint = endpoint;
        _options = options ?? new KubernetesClientOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _authorization = new ClusterAuthorization(endpoint, _options, _time, _logger);
        _http = new HttpClient(ClusterHttpHandler.Create(endpoint, _authorization, _tlsRejection), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan, // per-attempt timeouts are ours; watches stream for minutes
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("dm", "1.0"));
        _server = endpoint.Server.AbsoluteUri.TrimEnd('/');
        _discovery = new ApiDiscovery(GetDiscoveryJsonAsync, _logger);
    }

    public ClusterEndpoint Endpoint { get; }

    public string DefaultNamespace => Endpoint.Namespace;

    public Task<ApiResource> ResolveAsync(string group, string kind, string? version, CancellationToken cancellationToken) =>
        _discovery.ResolveAsync(group, kind, version, cancellationToken);

    public async Task<JsonObject?> GetAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var resource = await ResolveAsync(key.Group, key.Kind, null, cancellationToken);
        var path = resource.ObjectPath(NamespaceFor(resource, key.Namespace), key.Name);
        using var response = await SendAsync(HttpMethod.Get, path, null, null, streaming: false, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "GET", path, key.ToString(), cancellationToken);
        return await ReadObjectAsync(response, "GET", path, cancellationToken);
    }

    public async Task<ResourceList> ListAsync(ResourceQuery query, CancellationToken cancellationToken)
    {
        var resource = await ResolveAsync(query.Group, query.Kind, query.Version, cancellationToken);
        return await ListAsync(resource, query, cancellationToken);
    }

    public Task<JsonObject> ApplyAsync(JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken) =>
        ApplyAsync(manifest, options, subresource: null, cancellationToken);

    public Task<JsonObject> ApplyStatusAsync(JsonObject manifest, ApplyOptions options, CancellationToken cancellationToken) =>
        ApplyAsync(manifest, options, subresource: "status", cancellationToken);

    public async Task<DeleteOutcome> DeleteAsync(ResourceKey key, PropagationPolicy propagation, CancellationToken cancellationToken)
    {
        var resource = await ResolveAsync(key.Group, key.Kind, null, cancellationToken);
        var path = resource.ObjectPath(NamespaceFor(resource, key.Namespace), key.Name);
        var query = propagation == PropagationPolicy.Default ? string.Empty : $"?propagationPolicy={propagation}";
        using var response = await SendAsync(HttpMethod.Delete, path + query, null, null, streaming: false, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return DeleteOutcome.NotFound;
        }

        await EnsureSuccessAsync(response, "DELETE", path, key.ToString(), cancellationToken);
        return DeleteOutcome.Deleted;
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceQuery query, string? resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var resource = await ResolveAsync(query.Group, query.Kind, query.Version, cancellationToken);
        var known = new Dictionary<string, SeenObject>(StringComparer.Ordinal);
        var version = resourceVersion;
        if (string.IsNullOrEmpty(version))
        {
            var initial = await ListAsync(resource, query, cancellationToken);
            foreach (var item in initial.Items)
            {
                known[Identity(item)] = SeenObject.Of(item);
                yield return new WatchEvent(WatchEventType.Added, item);
            }

            version = initial.ResourceVersion;

            // As a server's sendInitialEvents watch does: a bookmark marks the end of the initial objects.
            yield return new WatchEvent(WatchEventType.Bookmark, InitialEventsEnd(version));
        }

        var collection = resource.CollectionPath(query.Namespace);
        var quietStreams = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = collection + Query(
                ("watch", "true"),
                ("allowWatchBookmarks", "true"),
                ("resourceVersion", version),
                ("timeoutSeconds", ((int)_options.WatchTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("labelSelector", query.LabelSelector),
                ("fieldSelector", query.FieldSelector));

            var gone = false;
            var sawEvent = false;
            using (var response = await OpenWatchAsync(path, collection, query.Kind, cancellationToken))
            {
                if (response?.StatusCode == HttpStatusCode.Gone)
                {
                    gone = true;
                }
                else if (response is not null)
                {
                    using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
                    while (true)
                    {
                        idle.CancelAfter(_options.WatchIdleTimeout);
                        var line = await ReadWatchLineAsync(reader, collection, linked.Token, cancellationToken);
                        if (line is null)
                        {
                            break; // the server ended the stream, or it broke: resume from the last version
                        }

                        if (line.Length == 0)
                        {
                            continue;
                        }

                        if (ParseWatchLine(line) is not var (type, item))
                        {
                            // A truncated or garbled line: treat the stream as broken and resume from the last version.
                            _logger.LogWarning("Watch of {Path} on {Cluster} got a line that is not a watch event; resuming", collection, Endpoint.Name);
                            break;
                        }

                        if (type == "ERROR")
                        {
                            var status = ApiStatus.FromJson(item);
                            if (status.Code == 410)
                            {
                                gone = true;
                                break;
                            }

                            if (RetryPolicy.IsRetryable(status.Code))
                            {
                                _logger.LogWarning("Watch of {Path} on {Cluster} got error {Code} {Reason}; resuming", collection, Endpoint.Name, status.Code, status.Reason);
                                break;
                            }

                            throw new KubernetesApiException(status, query.Kind, $"WATCH {collection}");
                        }

                        var itemVersion = (string?)item["metadata"]?["resourceVersion"];
                        if (!string.IsNullOrEmpty(itemVersion))
                        {
                            version = itemVersion;
                        }

                        sawEvent = true;
                        quietStreams = 0;
                        switch (type)
                        {
                            case "ADDED":
                                FillTypeMeta(item, resource);
                                known[Identity(item)] = SeenObject.Of(item);
                                yield return new WatchEvent(WatchEventType.Added, item);
                                break;
                            case "MODIFIED":
                                FillTypeMeta(item, resource);
                                known[Identity(item)] = SeenObject.Of(item);
                                yield return new WatchEvent(WatchEventType.Modified, item);
                                break;
                            case "DELETED":
                                FillTypeMeta(item, resource);
                                known.Remove(Identity(item));
                                yield return new WatchEvent(WatchEventType.Deleted, item);
                                break;
                            case "BOOKMARK":
                                yield return new WatchEvent(WatchEventType.Bookmark, item);
                                break;
                            default:
                                LogUnknownEventType(collection, type);
                                break;
                        }
                    }
                }
            }

            while (gone)
            {
                LogResync(collection, version);
                var resync = await TryResyncAsync(resource, query, known, cancellationToken);
                if (resync is null)
                {
                    quietStreams++;
                    await Task.Delay(_options.Retry.DelayBefore(Math.Min(quietStreams, 8), null, NextJitter()), _time, cancellationToken);
                    continue;
                }

                foreach (var change in resync.Value.Events)
                {
                    yield return change;
                }

                version = resync.Value.ResourceVersion;
                gone = false;
                sawEvent = true;
            }

            if (!sawEvent)
            {
                // A stream that ends (or breaks) before any event: back off so a failing server is not hammered.
                quietStreams++;
                await Task.Delay(_options.Retry.DelayBefore(Math.Min(quietStreams, 8), null, NextJitter()), _time, cancellationToken);
            }
        }
    }

    /// <summary>The bookmark that ends the initial objects of a watch started without a resourceVersion.</summary>
    private static JsonObject InitialEventsEnd(string resourceVersion) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = resourceVersion,
            ["annotations"] = new JsonObject { [WatchEvent.InitialEventsEndAnnotation] = "true" },
        },
    };

    public void Dispose()
    {
        _http.Dispose();
        _discovery.Dispose();
        _authorization.Dispose();
    }

    private static string Identity(JsonObject item) =>
        $"{(string?)item["metadata"]?["namespace"]}/{(string?)item["metadata"]?["name"]}";

    private static void FillTypeMeta(JsonObject item, ApiResource resource)
    {
        if (item["apiVersion"] is null)
        {
            item["apiVersion"] = resource.ApiVersion;
        }

        if (item["kind"] is null)
        {
            item["kind"] = resource.Kind;
        }
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    private static byte[] Utf8(JsonObject manifest)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            manifest.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static (string Type, JsonObject Item)? ParseWatchLine(string line)
    {
        try
        {
            if (JsonNode.Parse(line) is JsonObject watchEvent && (string?)watchEvent["type"] is { } type && watchEvent["object"] is JsonObject item)
            {
                watchEvent.Remove("object");
                return (type, item);
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject
                ?? throw new KubernetesTransportException($"{method} {path}: the response is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new KubernetesTransportException($"{method} {path}: the response is not valid JSON: {e.Message}", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string method, string path, string? subject, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new KubernetesApiException(ApiStatus.Parse((int)response.StatusCode, response.ReasonPhrase, body), subject, $"{method} {path}");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }

    private async Task<JsonObject> GetDiscoveryJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, null, streaming: false, cancellationToken);
        await EnsureSuccessAsync(response, "GET", path, null, cancellationToken);
        return await ReadObjectAsync(response, "GET", path, cancellationToken);
    }

    private string? NamespaceFor(ApiResource resource, string? @namespace) =>
        resource.Namespaced ? (string.IsNullOrEmpty(@namespace) ? DefaultNamespace : @namespace) : null;

    private async Task<JsonObject> ApplyAsync(JsonObject manifest, ApplyOptions options, string? subresource, CancellationToken cancellationToken)
    {
        var apiVersion = (string?)manifest["apiVersion"];
        var kind = (string?)manifest["kind"];
        var name = (string?)manifest["metadata"]?["name"];
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("a manifest to apply needs apiVersion, kind and metadata.name", nameof(manifest));
        }

        var query = ResourceQuery.For(apiVersion, kind);
        var resource = await ResolveAsync(query.Group, kind, query.Version, cancellationToken);
        var @namespace = NamespaceFor(resource, (string?)manifest["metadata"]?["namespace"]);
        var key = new ResourceKey(resource.Group, kind, @namespace ?? string.Empty, name);
        var path = resource.ObjectPath(@namespace, name) + (subresource is null ? string.Empty : $"/{subresource}");
        var body = Utf8(manifest);
        var fullPath = path + Query(
            ("fieldManager", options.FieldManager),
            ("force", options.Force ? "true" : null),
            ("dryRun", options.DryRun ? "All" : null));

        using var response = await SendAsync(HttpMethod.Patch, fullPath, body, ApplyPatchType, streaming: false, cancellationToken);
        await EnsureSuccessAsync(response, "PATCH", path, key.ToString(), cancellationToken);
        return await ReadObjectAsync(response, "PATCH", path, cancellationToken);
    }

    private async Task<ResourceList> ListAsync(ApiResource resource, ResourceQuery query, CancellationToken cancellationToken)
    {
        var collection = resource.CollectionPath(query.Namespace);
        var pageSize = (query.PageSize ?? _options.PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var items = new List<JsonObject>();
        string? next = null;
        var version = string.Empty;
        var restarts = 0;
        while (true)
        {
            var path = collection + Query(
                ("labelSelector", query.LabelSelector),
                ("fieldSelector", query.FieldSelector),
                ("limit", pageSize),
                ("continue", next));
            using var response = await SendAsync(HttpMethod.Get, path, null, null, streaming: false, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Gone && next is not null && restarts < 3)
            {
                // The continue token expired (the snapshot was compacted): start the list again.
                restarts++;
                items.Clear();
                next = null;
                continue;
            }

            await EnsureSuccessAsync(response, "LIST", collection, query.Kind, cancellationToken);
            var page = await ReadObjectAsync(response, "LIST", collection, cancellationToken);
            if (page["items"] is JsonArray array)
            {
                var pageItems = array.OfType<JsonObject>().ToList();
                array.Clear(); // detach, so callers own the objects
                foreach (var item in pageItems)
                {
                    FillTypeMeta(item, resource);
                    items.Add(item);
                }
            }

            version = (string?)page["metadata"]?["resourceVersion"] ?? version;
            next = (string?)page["metadata"]?["continue"];
            if (string.IsNullOrEmpty(next))
            {
                break;
            }
        }

        return new ResourceList(items, version);
    }

    /// <summary>
    /// Opens a watch stream: the response when it is open (or 410 Gone), null after a transient failure the caller
    /// backs off from (a daemon's watch outlives an outage longer than one request's retries); throws on anything else.
    /// </summary>
    private async Task<HttpResponseMessage?> OpenWatchAsync(string path, string collection, string kind, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(HttpMethod.Get, path, null, null, streaming: true, cancellationToken);
        }
        catch (KubernetesTransportException e)
        {
            _logger.LogWarning(e, "Watch of {Path} on {Cluster} could not reach the server; retrying", collection, Endpoint.Name);
            return null;
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Gone)
        {
            return response;
        }

        using (response)
        {
            if (RetryPolicy.IsRetryable((int)response.StatusCode))
            {
                _logger.LogWarning("Watch of {Path} on {Cluster} got HTTP {Code}; retrying", collection, Endpoint.Name, (int)response.StatusCode);
                return null;
            }

            await EnsureSuccessAsync(response, "WATCH", collection, kind, cancellationToken);
            return null;
        }
    }

    private async Task<(List<WatchEvent> Events, string ResourceVersion)?> TryResyncAsync(ApiResource resource, ResourceQuery query, Dictionary<string, SeenObject> known, CancellationToken cancellationToken)
    {
        try
        {
            return await ResyncAsync(resource, query, known, cancellationToken);
        }
        catch (Exception e) when (e is KubernetesTransportException || (e is KubernetesApiException api && RetryPolicy.IsRetryable(api.Code)))
        {
            _logger.LogWarning(e, "Re-list of {Path} on {Cluster} after 410 Gone failed; retrying", resource.CollectionPath(query.Namespace), Endpoint.Name);
            return null;
        }
    }

    private async Task<(List<WatchEvent> Events, string ResourceVersion)> ResyncAsync(ApiResource resource, ResourceQuery query, Dictionary<string, SeenObject> known, CancellationToken cancellationToken)
    {
        var list = await ListAsync(resource, query, cancellationToken);
        var events = new List<WatchEvent>();
        var fresh = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var id = Identity(item);
            fresh[id] = item;
            if (!known.TryGetValue(id, out var old))
            {
                events.Add(new WatchEvent(WatchEventType.Added, item, Resynced: true));
            }
            else if (old.Uid != (string?)item["metadata"]?["uid"])
            {
                events.Add(new WatchEvent(WatchEventType.Deleted, old.ToObject(), Resynced: true));
                events.Add(new WatchEvent(WatchEventType.Added, item, Resynced: true));
            }
            else if (old.ResourceVersion != (string?)item["metadata"]?["resourceVersion"])
            {
                events.Add(new WatchEvent(WatchEventType.Modified, item, Resynced: true));
            }
        }

        foreach (var (id, old) in known)
        {
            if (!fresh.ContainsKey(id))
            {
                events.Add(new WatchEvent(WatchEventType.Deleted, old.ToObject(), Resynced: true));
            }
        }

        known.Clear();
        foreach (var (id, item) in fresh)
        {
            known[id] = SeenObject.Of(item);
        }

        return (events, list.ResourceVersion);
    }

    /// <summary>The next line of a watch stream; null when the stream ended, broke or went idle too long (caller resumes).</summary>
    private async Task<string?> ReadWatchLineAsync(StreamReader reader, string collection, CancellationToken readToken, CancellationToken callerToken)
    {
        try
        {
            return await reader.ReadLineAsync(readToken);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            _logger.LogWarning("Watch of {Path} on {Cluster} was silent longer than {IdleSeconds} s; reopening", collection, Endpoint.Name, _options.WatchIdleTimeout.TotalSeconds);
            return null;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            _logger.LogWarning("Watch stream of {Path} on {Cluster} broke ({Error}); resuming", collection, Endpoint.Name, e.Message);
            return null;
        }
    }

    private void LogResync(string collection, string? version)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Watch of {Path} on {Cluster} at resourceVersion {ResourceVersion} is too old (410 Gone); re-listing", collection, Endpoint.Name, version);
        }
    }

    private void LogUnknownEventType(string collection, string type) =>
        _logger.LogWarning("Watch of {Path} on {Cluster} got an unknown event type {Type}; ignored", collection, Endpoint.Name, type);

    private double NextJitter()
    {
        lock (_randomLock)
        {
            return _options.Random.NextDouble();
        }
    }

    /// <summary>
    /// Sends one request with authorization, a per-attempt timeout (non-streaming requests) and retries: 429/5xx and
    /// transport failures are retried per <see cref="RetryPolicy"/> (every request this client sends is safe to
    /// repeat: GET, LIST, WATCH, server-side apply, DELETE); a 401 refreshes refreshable credentials once. Returns the
    /// final response (the caller judges its status); throws <see cref="KubernetesTransportException"/> when no
    /// response came after the last attempt.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, string? contentType, bool streaming, CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        var attempt = 0;
        var refreshedCredentials = false;
        var path = pathAndQuery.Split('?')[0];
        while (true)
        {
            attempt++;
            var ticket = await _authorization.GetAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, new Uri(_server + pathAndQuery));
            request.Headers.Authorization = ticket.Header;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
            }

            TimeSpan? retryAfter = null;
            var failure = string.Empty;
            Exception? error = null;
            // For a stream the timeout covers the wait for the response headers only.
            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                HttpResponseMessage? response = null;
                try
                {
                    response = await _http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, linked.Token);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"no response within {_options.RequestTimeout.TotalSeconds:0.###} s";
                    error = e;
                }
                catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
                {
                    var rejectedByUs = e.InnerException.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal);
                    var reason = (rejectedByUs ? Volatile.Read(ref _tlsRejection.Value) : null) ?? e.InnerException.Message;
                    throw new KubernetesTransportException($"{method} {_server}{path}: TLS handshake failed: {reason}", e);
                }
                catch (HttpRequestException e)
                {
                    failure = e.Message;
                    error = e;
                }

                if (response is not null)
                {
                    var code = (int)response.StatusCode;
                    if (code == 401 && !refreshedCredentials && _authorization.Refresh(ticket))
                    {
                        refreshedCredentials = true;
                        attempt--;
                        response.Dispose();
                        continue;
                    }

                    if (!RetryPolicy.IsRetryable(code) || attempt >= retry.MaxAttempts)
                    {
                        return response;
                    }

                    retryAfter = RetryAfter(response, _time.GetUtcNow());
                    failure = $"HTTP {code}";
                    response.Dispose();
                }
                else if (attempt >= retry.MaxAttempts)
                {
                    throw new KubernetesTransportException($"{method} {_server}{path}: {failure} (after {attempt} attempt{(attempt == 1 ? string.Empty : "s")})", error!);
                }
            }

            var delay = retry.DelayBefore(attempt, retryAfter, NextJitter());
            _logger.LogWarning(
                "Kubernetes request {Method} {Path} on {Cluster} failed ({Failure}); attempt {Attempt} of {MaxAttempts}, retrying in {DelayMs} ms",
                method.Method,
                path,
                Endpoint.Name,
                failure,
                attempt,
                retry.MaxAttempts,
                (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }
}
