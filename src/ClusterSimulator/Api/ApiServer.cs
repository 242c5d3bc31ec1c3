using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Security;
using Dm.ClusterSimulator.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using YamlDotNet.Core;

namespace Dm.ClusterSimulator.Api;

/// <summary>
/// The request dispatcher: faults, authentication, then the Kubernetes URL grammar
/// (<c>/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]</c> and the same under <c>/apis/{group}/{version}</c>).
/// </summary>
internal sealed class ApiServer(
    ClusterStore store,
    SimulatorFaults faults,
    RequestLog requestLog,
    SimulatorOptions options,
    CertificateAuthority? authority,
    ILogger logger) : IDisposable
{
    private static readonly byte[] Comma = ","u8.ToArray();
    private readonly TimeProvider _time = options.TimeProvider;
    private readonly CancellationTokenSource _stopping = new();

    public string ServerAddress { get; set; } = "127.0.0.1:0";

    /// <summary>Ends every open watch stream so the server can stop without waiting for them.</summary>
    public void Stop() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var ct = context.RequestAborted;
        try
        {
            var (latency, failure, outage) = faults.Decide(request.Method, path);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, _time, ct);
            }

            if (outage)
            {
                throw new StatusException(503, "ServiceUnavailable", "the server is currently unable to handle the request (simulated outage)") { RetryAfterSeconds = 1 };
            }

            if (failure is not null)
            {
                throw InjectedFailure(failure);
            }

            Authenticate(context, path);
            Authorize(request, path);
            await RouteAsync(context, path, ct);
        }
        catch (StatusException e)
        {
            await WriteStatusAsync(context, e);
        }
        catch (StoreException e)
        {
            await WriteStatusAsync(context, StatusObjects.From(e));
        }
        catch (Exception e) when (e is JsonException or YamlException or FormatException or InvalidOperationException && !context.Response.HasStarted)
        {
            await WriteStatusAsync(context, StatusObjects.BadRequest($"the request could not be decoded: {e.Message}"));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away (typically a watch being closed).
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "Simulator failed on {Method} {Path}", request.Method, path);
            await WriteStatusAsync(context, new StatusException(500, "InternalError", $"Internal error occurred: {e.Message}"));
        }
        finally
        {
            requestLog.Add(new RequestLogEntry(
                _time.GetUtcNow(),
                request.Method,
                path,
                request.QueryString.Value ?? string.Empty,
                context.Response.StatusCode,
                request.Query["fieldManager"].FirstOrDefault(),
                request.Headers.UserAgent.FirstOrDefault()));
        }
    }

    private static StatusException InjectedFailure(FaultRule failure)
    {
        var (reason, message) = failure.StatusCode switch
        {
            429 => ("TooManyRequests", "Too many requests, please try again later."),
            503 => ("ServiceUnavailable", "the server is currently unable to handle the request"),
            504 => ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
            _ => ("InternalError", "Internal error occurred: simulated failure"),
        };
        var details = failure.StatusCode is 429 or 503 ? new JsonObject { ["retryAfterSeconds"] = failure.RetryAfterSeconds } : null;
        return new StatusException(failure.StatusCode, reason, message, details)
        {
            RetryAfterSeconds = failure.StatusCode is 429 or 503 ? failure.RetryAfterSeconds : null,
        };
    }

    /// <summary>The RBAC-like denial of <see cref="SimulatorFaults.Forbid"/>: objects in a forbidden namespace answer 403 with RBAC's message.</summary>
    private void Authorize(HttpRequest request, string path)
    {
        // /api/v1/namespaces/{ns}/{resource}[/{name}] or /apis/{group}/{version}/namespaces/{ns}/{resource}[/{name}]
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = parts.Length > 0 && parts[0] == "api" ? 2 : parts.Length > 0 && parts[0] == "apis" ? 3 : -1;
        if (at < 0 || parts.Length <= at + 2 || parts[at] != "namespaces" || !faults.IsForbidden(parts[at + 1]))
        {
            return;
        }

        var ns = parts[at + 1];
        var resource = parts[at + 2];
        var name = parts.Length > at + 3 ? parts[at + 3] : null;
        var group = parts[0] == "apis" ? parts[1] : string.Empty;
        var verb = request.Method switch
        {
            "GET" when request.Query["watch"] == "true" || request.Query["watch"] == "1" => "watch",
            "GET" => name is null ? "list" : "get",
            "PATCH" => "patch",
            "PUT" => "update",
            "POST" => "create",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        var user = options.Auth == SimulatorAuthMode.None ? "system:anonymous" : "dm-simulator-user";
        var subject = name is null ? resource : $"{resource} \"{name}\"";
        throw new StatusException(
            403,
            "Forbidden",
            $"{subject} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" in the namespace \"{ns}\"",
            new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = resource });
    }

    private void Authenticate(HttpContext context, string path)
    {
        if (options.Auth == SimulatorAuthMode.None || path is "/version" or "/healthz" or "/livez" or "/readyz")
        {
            return;
        }

        var header = context.Request.Headers.Authorization.FirstOrDefault();
        if (header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) && options.BearerTokens.Contains(header[7..].Trim()) && !faults.IsRevoked(header[7..].Trim()))
        {
            return;
        }

        if (options.Auth == SimulatorAuthMode.ClientCertificate && context.Connection.ClientCertificate is { } certificate && authority is not null && authority.Verify(certificate))
        {
            return;
        }

        throw new StatusException(401, "Unauthorized", "Unauthorized");
    }

    private async Task RouteAsync(HttpContext context, string path, CancellationToken ct)
    {
        var types = store.Catalog.Snapshot();
        var aggregated = context.Request.Headers.Accept.Any(a => a is not null && a.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal));
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["version"]:
                await WriteJsonAsync(context, 200, Discovery.Version());
                return;
            case ["healthz" or "livez" or "readyz", ..]:
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", ct);
                return;
            case ["api"]:
                await WriteDiscoveryAsync(context, aggregated, () => Discovery.Aggregated(types, core: true), () => Discovery.ApiVersions(ServerAddress));
                return;
            case ["apis"]:
                await WriteDiscoveryAsync(context, aggregated, () => Discovery.Aggregated(types, core: false), () => Discovery.GroupList(types));
                return;
            case ["api", var coreVersion]:
                await WriteJsonAsync(context, 200, Discovery.ResourceList(types, string.Empty, coreVersion) ?? throw StatusObjects.NoResource());
                return;
            case ["apis", var groupName]:
                await WriteJsonAsync(context, 200, Discovery.GroupDocument(types, groupName) ?? throw StatusObjects.NoResource());
                return;
            case ["apis", var group, var version]:
                await WriteJsonAsync(context, 200, Discovery.ResourceList(types, group, version) ?? throw StatusObjects.NoResource());
                return;
            case ["openapi", "v3"]:
                await WriteJsonAsync(context, 200, OpenApi.Index(types));
                return;
            case ["openapi", "v3", "api", var v3Version]:
                await WriteJsonAsync(context, 200, OpenApi.Document(types, string.Empty, v3Version) ?? throw StatusObjects.NoResource());
                return;
            case ["openapi", "v3", "apis", var v3Group, var v3Version]:
                await WriteJsonAsync(context, 200, OpenApi.Document(types, v3Group, v3Version) ?? throw StatusObjects.NoResource());
                return;
            case ["api", var v, .. var rest] when rest.Length > 0:
                await ResourceAsync(context, string.Empty, v, rest, ct);
                return;
            case ["apis", var g, var v, .. var rest] when rest.Length > 0:
                await ResourceAsync(context, g, v, rest, ct);
                return;
            default:
                throw StatusObjects.NoResource();
        }
    }

    private async Task ResourceAsync(HttpContext context, string group, string version, string[] rest, CancellationToken ct)
    {
        var request = context.Request;
        var watchPath = rest[0] == "watch";
        if (watchPath)
        {
            rest = rest[1..];
        }

        string ns = string.Empty;
        string plural;
        string? name = null;
        string? subresource = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            ns = rest[1];
            plural = rest[2];
            name = rest.Length > 3 ? rest[3] : null;
            subresource = rest.Length > 4 ? rest[4] : null;
            if (rest.Length > 5)
            {
                throw StatusObjects.NoResource();
            }
        }
        else
        {
            plural = rest[0];
            name = rest.Length > 1 ? rest[1] : null;
            subresource = rest.Length > 2 ? rest[2] : null;
            if (rest.Length > 3)
            {
                throw StatusObjects.NoResource();
            }
        }

        var type = store.Catalog.Find(group, version, plural) ?? throw StatusObjects.NoResource();
        if ((!type.Namespaced && ns.Length > 0) || (type.Namespaced && ns.Length == 0 && name is not null))
        {
            throw StatusObjects.NoResource();
        }

        if (subresource == "log" && type.Kind == "Pod" && type.Group.Length == 0 && name is not null && request.Method == "GET")
        {
            await WriteLogAsync(context, store.Get(type, ns, name));
            return;
        }

        if (subresource is not null && !(subresource == "status" && type.HasStatus) && !(subresource == "scale" && type.HasScale))
        {
            throw StatusObjects.NoResource();
        }

        if (request.ContentType?.Contains("protobuf", StringComparison.Ordinal) == true && !(request.Method is "POST" or "PUT" && ProtobufBody.CanDecode(type.Kind)))
        {
            throw new StatusException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got {request.ContentType})");
        }

        var query = request.Query;
        var dryRun = query["dryRun"].Contains("All");
        var watch = watchPath || query["watch"].FirstOrDefault() is "1" or "true";
        switch (request.Method)
        {
            case "GET" when watch:
                await WatchAsync(context, type, ns.Length == 0 ? null : ns, name, ct);
                return;
            case "GET" when name is null:
                await ListAsync(context, type, ns.Length == 0 ? null : ns);
                return;
            case "GET" when subresource == "scale":
                await WriteJsonAsync(context, 200, Scale(store.Get(type, ns, name)));
                return;
            case "GET" when subresource is null && TableView.Wanted(request.Headers.Accept.ToString()):
                var one = store.Get(type, ns, name);
                var table = TableView.Build(type, [one], one.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, query["includeObject"].FirstOrDefault(), _time.GetUtcNow());
                await WriteJsonAsync(context, 200, table);
                return;
            case "GET":
                await WriteObjectAsync(context, 200, store.Get(type, ns, name));
                return;
            case "POST" when name is null:
                var created = store.Create(type, ns, await ReadObjectAsync(request, type, ct), Manager(request), dryRun);
                await WriteObjectAsync(context, 201, created);
                return;
            case "PUT" when name is not null && subresource == "scale":
                await WriteJsonAsync(context, 200, SetScale(type, ns, name, await ReadObjectAsync(request, type, ct), Manager(request)));
                return;
            case "PUT" when name is not null:
                var (updated, createdOnUpdate) = store.Update(type, ns, name, await ReadObjectAsync(request, type, ct), Manager(request), subresource, dryRun);
                await WriteObjectAsync(context, createdOnUpdate ? 201 : 200, updated);
                return;
            case "PATCH" when name is not null:
                await PatchAsync(context, type, ns, name, subresource, dryRun, ct);
                return;
            case "DELETE" when name is not null:
                await DeleteAsync(context, type, ns, name, dryRun, ct);
                return;
            case "DELETE":
                var selector = Selector.Parse(query["labelSelector"], query["fieldSelector"]);
                var deleted = store.DeleteCollection(type, ns.Length == 0 ? null : ns, selector, dryRun);
                await WriteListAsync(context, type, new ListResult(deleted, store.ResourceVersion, null, null));
                return;
            default:
                throw StatusObjects.MethodNotAllowed();
        }
    }

    private async Task PatchAsync(HttpContext context, ApiResourceType type, string ns, string name, string? subresource, bool dryRun, CancellationToken ct)
    {
        var request = context.Request;
        var contentType = (request.ContentType ?? string.Empty).Split(';')[0].Trim();
        var body = await ReadTextAsync(request, ct);
        if (subresource == "scale")
        {
            var current = Scale(store.Get(type, ns, name));
            var patched = contentType == "application/json-patch+json"
                ? Patches.JsonPatch(current, JsonNode.Parse(body) as JsonArray ?? throw StatusObjects.BadRequest("json patch must be an array"))
                : Patches.MergePatch(current, JsonNode.Parse(body));
            await WriteJsonAsync(context, 200, SetScale(type, ns, name, (JsonObject)patched!, Manager(request)));
            return;
        }

        switch (contentType)
        {
            case "application/apply-patch+yaml" or "application/apply-patch+json":
                var manager = request.Query["fieldManager"].FirstOrDefault();
                if (string.IsNullOrEmpty(manager))
                {
                    throw new StatusException(
                        422,
                        "Invalid",
                        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                        new JsonObject
                        {
                            ["group"] = "meta.k8s.io",
                            ["kind"] = "PatchOptions",
                            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueRequired", ["message"] = "Required value: is required for apply patch", ["field"] = "fieldManager" }),
                        });
                }

                var applied = YamlJson.Parse(body) as JsonObject ?? throw StatusObjects.BadRequest("the applied configuration must be an object");
                var force = request.Query["force"].FirstOrDefault() is "true" or "1";
                var (stored, created) = store.Apply(type, ns, name, applied, manager, force, subresource, dryRun);
                await WriteObjectAsync(context, created ? 201 : 200, stored);
                return;
            case "application/merge-patch+json":
                await WriteObjectAsync(context, 200, store.Patch(type, ns, name, "merge", body, Manager(request), subresource, dryRun));
                return;
            case "application/strategic-merge-patch+json":
                await WriteObjectAsync(context, 200, store.Patch(type, ns, name, "strategic", body, Manager(request), subresource, dryRun));
                return;
            case "application/json-patch+json":
                await WriteObjectAsync(context, 200, store.Patch(type, ns, name, "json", body, Manager(request), subresource, dryRun));
                return;
            default:
                throw StatusObjects.UnsupportedMediaType(contentType);
        }
    }

    private async Task DeleteAsync(HttpContext context, ApiResourceType type, string ns, string name, bool dryRun, CancellationToken ct)
    {
        var request = context.Request;
        var propagation = request.Query["propagationPolicy"].FirstOrDefault();
        string? uid = null;
        var text = await ReadTextAsync(request, ct);
        if (text.Trim().Length > 0 && JsonNode.Parse(text) is JsonObject deleteOptions)
        {
            propagation = Json.Str(deleteOptions, "propagationPolicy") ?? propagation;
            uid = Json.Str(deleteOptions, "preconditions", "uid");
            dryRun |= (deleteOptions["dryRun"] as JsonArray)?.Any(d => d?.GetValue<string>() == "All") == true;
            if (deleteOptions["orphanDependents"] is JsonValue orphan && orphan.GetValue<bool>())
            {
                propagation = "Orphan";
            }
        }

        var deleted = store.Delete(type, ns, name, propagation, uid, dryRun);
        await WriteJsonAsync(context, 200, StatusObjects.Success(type, name, deleted.Uid));
    }

    private async Task ListAsync(HttpContext context, ApiResourceType type, string? ns)
    {
        var query = context.Request.Query;
        var selector = Selector.Parse(query["labelSelector"], query["fieldSelector"]);
        var limit = int.TryParse(query["limit"].FirstOrDefault(), CultureInfo.InvariantCulture, out var l) ? l : 0;
        var result = store.List(type, ns, selector, limit, query["continue"].FirstOrDefault());
        if (TableView.Wanted(context.Request.Headers.Accept.ToString()))
        {
            var table = TableView.Build(type, result.Items, result.ResourceVersion.ToString(CultureInfo.InvariantCulture), result.Continue, query["includeObject"].FirstOrDefault(), _time.GetUtcNow());
            await WriteJsonAsync(context, 200, table);
            return;
        }

        await WriteListAsync(context, type, result);
    }

    private static async Task WriteListAsync(HttpContext context, ApiResourceType type, ListResult result)
    {
        var metadata = new JsonObject { ["resourceVersion"] = result.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (result.Continue is not null)
        {
            metadata["continue"] = result.Continue;
            metadata["remainingItemCount"] = result.RemainingItemCount;
        }

        var head = $"{{\"kind\":\"{type.Kind}List\",\"apiVersion\":\"{type.GroupVersion}\",\"metadata\":{metadata.ToJsonString()},\"items\":[";
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(head));
        for (var i = 0; i < result.Items.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(Comma);
            }

            buffer.Write(result.Items[i].Utf8Json);
        }

        buffer.Write("]}"u8);
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    private async Task WatchAsync(HttpContext context, ApiResourceType type, string? ns, string? name, CancellationToken ct)
    {
        var query = context.Request.Query;
        var fieldSelector = query["fieldSelector"].FirstOrDefault();
        if (name is not null)
        {
            fieldSelector = string.IsNullOrEmpty(fieldSelector) ? $"metadata.name={name}" : $"{fieldSelector},metadata.name={name}";
        }

        var selector = Selector.Parse(query["labelSelector"], fieldSelector);
        var bookmarks = query["allowWatchBookmarks"].FirstOrDefault() is "true" or "1";
        var sendInitial = query["sendInitialEvents"].FirstOrDefault() is "true" or "1";
        var timeout = int.TryParse(query["timeoutSeconds"].FirstOrDefault(), CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30);
        var response = context.Response;
        WatchSubscription subscription;
        try
        {
            subscription = store.Watch(type, ns, selector, query["resourceVersion"].FirstOrDefault(), sendInitial);
        }
        catch (ResourceVersionExpiredException e)
        {
            // Like the API server's watch cache: the stream opens, then carries one ERROR event with the 410 Status.
            response.StatusCode = 200;
            response.ContentType = "application/json";
            var error = new JsonObject { ["type"] = "ERROR", ["object"] = StatusObjects.From(e).ToStatus() };
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(error.ToJsonString() + "\n"), ct);
            return;
        }

        using (subscription)
        {
            using var timeoutSource = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutSource.Token, _stopping.Token);
            var token = linked.Token;
            response.StatusCode = 200;
            response.ContentType = "application/json";
            response.Headers.CacheControl = "no-cache, private";
            var body = response.Body;
            await response.StartAsync(ct);
            var asTable = TableView.Wanted(context.Request.Headers.Accept.ToString());
            var includeObject = query["includeObject"].FirstOrDefault();
            byte[] Line(WatchEvent e) => asTable ? TableLine(type, e, includeObject) : e.Line;
            foreach (var e in subscription.Initial)
            {
                await body.WriteAsync(Line(e), ct);
            }

            if (sendInitial && bookmarks)
            {
                await body.WriteAsync(Bookmark(type, store.ResourceVersion, initialEventsEnd: true), ct);
            }

            await body.FlushAsync(ct);
            var reader = subscription.Events;
            try
            {
                while (!token.IsCancellationRequested)
                {
                    var wait = reader.WaitToReadAsync(token).AsTask();
                    if (bookmarks)
                    {
                        var tick = Task.Delay(options.WatchBookmarkInterval, _time, token);
                        if (await Task.WhenAny(wait, tick) == tick)
                        {
                            var rv = store.ResourceVersion;
                            if (!reader.TryPeek(out _))
                            {
                                await body.WriteAsync(Bookmark(type, rv, initialEventsEnd: false), token);
                                await body.FlushAsync(token);
                            }

                            continue;
                        }
                    }

                    if (!await wait)
                    {
                        break;
                    }

                    while (reader.TryRead(out var e))
                    {
                        await body.WriteAsync(Line(e), token);
                    }

                    await body.FlushAsync(token);
                }
            }
            catch (OperationCanceledException) when ((timeoutSource.IsCancellationRequested || _stopping.IsCancellationRequested) && !ct.IsCancellationRequested)
            {
                // timeoutSeconds elapsed or the server stops: the stream ends normally.
            }
        }
    }

    private byte[] TableLine(ApiResourceType type, WatchEvent e, string? includeObject)
    {
        var table = TableView.Build(type, [e.Object], e.Object.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, includeObject, _time.GetUtcNow());
        return Encoding.UTF8.GetBytes(new JsonObject { ["type"] = e.Type, ["object"] = table }.ToJsonString() + "\n");
    }

    /// <summary>Pods have no processes here; their log says so and names the image, so <c>kubectl logs</c> works.</summary>
    private static async Task WriteLogAsync(HttpContext context, StoredObject pod)
    {
        var json = pod.ToJson();
        var containers = (json["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var wanted = context.Request.Query["container"].FirstOrDefault();
        var container = containers.FirstOrDefault(c => wanted is null || Json.Str(c, "name") == wanted)
            ?? throw StatusObjects.BadRequest($"container {wanted} is not valid for pod {pod.Name}");
        var phase = Json.Str(json, "status", "phase") ?? "Pending";
        if (phase == "Pending")
        {
            throw StatusObjects.BadRequest($"container \"{Json.Str(container, "name")}\" in pod \"{pod.Name}\" is waiting to start: {Json.Str((json["status"]?["containerStatuses"] as JsonArray)?.FirstOrDefault(), "state", "waiting", "reason") ?? "ContainerCreating"}");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(
            $"[cluster simulator] container {Json.Str(container, "name")} of pod {pod.Namespace}/{pod.Name} runs image {Json.Str(container, "image")} (simulated: no real process, no output)\n",
            context.RequestAborted);
    }

    private static byte[] Bookmark(ApiResourceType type, long resourceVersion, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        var e = new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.GroupVersion, ["metadata"] = metadata },
        };
        return Encoding.UTF8.GetBytes(e.ToJsonString() + "\n");
    }

    private static JsonObject Scale(StoredObject obj)
    {
        var json = obj.ToJson();
        var selector = string.Join(',', Json.StringMap(json["spec"]?["selector"]?["matchLabels"]).Select(l => $"{l.Key}={l.Value}"));
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = obj.Name,
                ["namespace"] = obj.Namespace,
                ["uid"] = obj.Uid,
                ["resourceVersion"] = obj.ResourceVersion.ToString(CultureInfo.InvariantCulture),
                ["creationTimestamp"] = json["metadata"]?["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = Json.Int(json, "spec", "replicas") ?? 1 },
            ["status"] = new JsonObject { ["replicas"] = Json.Int(json, "status", "replicas") ?? 0, ["selector"] = selector },
        };
    }

    private JsonObject SetScale(ApiResourceType type, string ns, string name, JsonObject scale, string manager)
    {
        var replicas = Json.Int(scale, "spec", "replicas") ?? throw StatusObjects.BadRequest("spec.replicas is required");
        var old = store.Get(type, ns, name);
        if (Json.Str(scale, "metadata", "resourceVersion") is { Length: > 0 } rv && rv != old.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new VersionConflictException(type, name);
        }

        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        var updated = store.Patch(type, ns, name, "merge", patch.ToJsonString(), manager, null, dryRun: false);
        return Scale(updated);
    }

    private static string Manager(HttpRequest request)
    {
        var manager = request.Query["fieldManager"].FirstOrDefault();
        if (!string.IsNullOrEmpty(manager))
        {
            return manager;
        }

        var agent = request.Headers.UserAgent.FirstOrDefault() ?? "unknown";
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? agent[..slash] : agent;
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, ApiResourceType type, CancellationToken ct)
    {
        if (request.ContentType?.Contains("protobuf", StringComparison.Ordinal) == true)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            return ProtobufBody.Decode(buffer.ToArray(), type.Kind);
        }

        var text = await ReadTextAsync(request, ct);
        var contentType = request.ContentType ?? "application/json";
        var node = contentType.Contains("yaml", StringComparison.Ordinal) ? YamlJson.Parse(text) : JsonNode.Parse(text);
        return node as JsonObject ?? throw StatusObjects.BadRequest("the request body must be a JSON object");
    }

    private static async Task WriteDiscoveryAsync(HttpContext context, bool aggregated, Func<JsonObject> aggregatedDocument, Func<JsonObject> legacyDocument)
    {
        if (!aggregated)
        {
            await WriteJsonAsync(context, 200, legacyDocument());
            return;
        }

        var bytes = Json.ToUtf8(aggregatedDocument());
        context.Response.StatusCode = 200;
        context.Response.ContentType = Discovery.AggregatedContentType;
        context.Response.Headers.Vary = "Accept";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task WriteObjectAsync(HttpContext context, int status, StoredObject obj)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = obj.Utf8Json.Length;
        await context.Response.Body.WriteAsync(obj.Utf8Json, context.RequestAborted);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode node)
    {
        var bytes = Json.ToUtf8(node);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task WriteStatusAsync(HttpContext context, StatusException e)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        if (e.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(context, e.Code, e.ToStatus());
    }
}
