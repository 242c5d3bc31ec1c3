using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Api;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// The in-memory object store: every object of every resource, one global monotonic resourceVersion, the watch event
/// history and the live watchers. All writes go through one lock so resource versions and events are totally ordered.
/// </summary>
internal sealed class ClusterStore
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _objects = new(StringComparer.Ordinal);
    private readonly WatchEvent[] _history;
    private readonly List<WatchSubscription> _watchers = [];
    private readonly TimeProvider _time;
    private readonly Random _random;
    private int _historyStart;
    private int _historyCount;
    private long _compactedThrough;
    private long _resourceVersion;
    private int _nextClusterIp = 10;

    public ClusterStore(ResourceCatalog catalog, TimeProvider time, int historySize, int seed)
    {
        Catalog = catalog;
        _time = time;
        _random = new Random(seed);
        _history = new WatchEvent[Math.Max(16, historySize)];
        var namespaces = catalog.Find(string.Empty, "v1", "namespaces")!;
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Create(namespaces, string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, "kube-apiserver", dryRun: false);
        }

        var nodes = catalog.Find(string.Empty, "v1", "nodes")!;
        for (var i = 1; i <= 3; i++)
        {
            var node = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"sim-node-{i}",
                    ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = $"sim-node-{i}", ["kubernetes.io/os"] = "linux" },
                },
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["message"] = "kubelet is posting ready status" }),
                    ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.32.0", ["architecture"] = "amd64", ["operatingSystem"] = "linux" },
                },
            };
            Create(nodes, string.Empty, node, "kubelet", dryRun: false, keepStatus: true);
        }
    }

    public ResourceCatalog Catalog { get; }

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public string Now() => _time.GetUtcNow().UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public StoredObject Get(ApiResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return Find(type, ns, name) ?? throw StatusObjects.NotFound(type, name);
        }
    }

    public StoredObject? TryGet(ApiResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return Find(type, ns, name);
        }
    }

    public IReadOnlyList<StoredObject> All(ApiResourceType type, string? ns = null)
    {
        lock (_gate)
        {
            return [.. Bucket(type).Values.Where(o => ns is null || o.Namespace == ns)];
        }
    }

    public ListResult List(ApiResourceType type, string? ns, Selector selector, int limit, string? continueToken)
    {
        string? after = null;
        if (!string.IsNullOrEmpty(continueToken))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(continueToken));
                after = decoded[(decoded.IndexOf('|', StringComparison.Ordinal) + 1)..];
            }
            catch (FormatException)
            {
                throw StatusObjects.BadRequest("continue key is not valid: illegal base64 data");
            }
        }

        var items = new List<StoredObject>();
        long rv;
        string? next = null;
        long? remaining = null;
        lock (_gate)
        {
            rv = _resourceVersion;
            var bucket = Bucket(type);
            var count = 0;
            foreach (var (key, obj) in bucket)
            {
                if ((after is not null && string.CompareOrdinal(key, after) <= 0)
                    || (ns is not null && obj.Namespace != ns) || !selector.Matches(obj))
                {
                    continue;
                }

                if (limit > 0 && items.Count == limit)
                {
                    count++;
                    continue;
                }

                items.Add(obj);
            }

            if (limit > 0 && count > 0)
            {
                next = Convert.ToBase64String(Encoding.UTF8.GetBytes(rv.ToString(CultureInfo.InvariantCulture) + "|" + items[^1].Key));
                remaining = count;
            }
        }

        return new ListResult(items, rv, next, remaining);
    }

    public StoredObject Create(ApiResourceType type, string ns, JsonObject body, string manager, bool dryRun, bool keepStatus = false)
    {
        lock (_gate)
        {
            var metadata = Json.Obj(body, "metadata");
            var name = Json.Str(metadata, "name") ?? string.Empty;
            if (name.Length == 0 && Json.Str(metadata, "generateName") is { Length: > 0 } prefix)
            {
                name = prefix + RandomSuffix();
                metadata["name"] = name;
            }

            Prepare(type, ns, body);
            if (!keepStatus && type.HasStatus)
            {
                body.Remove("status");
            }

            SecretData.Normalize(type, body);
            Validation.Validate(type, body);
            RequireNamespace(type, ns);
            if (Find(type, ns, name) is not null)
            {
                throw StatusObjects.AlreadyExists(type, name);
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Now();
            if (type.HasGeneration)
            {
                metadata["generation"] = 1;
            }

            SetManagedFields(null, body, manager, "Update", null, type.GroupVersion);
            Default(type, body);
            return Commit(type, ns, name, body, "ADDED", dryRun);
        }
    }

    /// <summary>Update (PUT). Returns the stored object and whether it was created (a Lease creates on update).</summary>
    public (StoredObject Object, bool Created) Update(ApiResourceType type, string ns, string name, JsonObject body, string manager, string? subresource, bool dryRun)
    {
        lock (_gate)
        {
            var old = Find(type, ns, name);
            CheckIdentity(type, ns, name, body);
            var rv = Json.Str(body, "metadata", "resourceVersion");
            if (old is null && type.IsLease && subresource is null)
            {
                Json.Obj(body, "metadata")["name"] = name;
                return (Create(type, ns, body, manager, dryRun), true);
            }

            if (old is null)
            {
                throw StatusObjects.NotFound(type, name);
            }
            if (string.IsNullOrEmpty(rv) && type.IsLease && subresource is null)
            {
                throw StatusObjects.ResourceVersionRequired(type, name);
            }

            if (!string.IsNullOrEmpty(rv) && rv != old.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusObjects.Conflict(type, name);
            }

            var oldObject = old.ToJson();
            var updated = Merge(type, oldObject, body, subresource);
            return (Write(type, ns, name, oldObject, updated, manager, "Update", subresource, dryRun), false);
        }
    }

    public StoredObject Patch(ApiResourceType type, string ns, string name, string patchType, string patchText, string manager, string? subresource, bool dryRun)
    {
        lock (_gate)
        {
            var old = Find(type, ns, name) ?? throw StatusObjects.NotFound(type, name);
            var oldObject = old.ToJson();
            JsonNode? patch;
            try
            {
                patch = JsonNode.Parse(patchText);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw StatusObjects.BadRequest($"error decoding patch: {e.Message}");
            }

            var patched = patchType switch
            {
                "json" => Patches.JsonPatch(old.ToJson(), patch as JsonArray ?? throw StatusObjects.BadRequest("json patch must be a JSON array of operations")),
                "merge" => Patches.MergePatch(old.ToJson(), patch),
                _ => Patches.StrategicMerge(old.ToJson(), patch as JsonObject ?? throw StatusObjects.BadRequest("strategic merge patch must be a JSON object")),
            } as JsonObject ?? throw StatusObjects.BadRequest("the patch did not produce an object");
            CheckIdentity(type, ns, name, patched);
            if (Json.Str(patched, "metadata", "resourceVersion") is { Length: > 0 } rv && rv != old.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusObjects.Conflict(type, name);
            }

            var updated = Merge(type, oldObject, patched, subresource);
            return Write(type, ns, name, oldObject, updated, manager, "Update", subresource, dryRun);
        }
    }

    /// <summary>Server-side apply. Returns the stored object and whether it was created.</summary>
    public (StoredObject Object, bool Created) Apply(ApiResourceType type, string ns, string name, JsonObject applied, string manager, bool force, string? subresource, bool dryRun)
    {
        lock (_gate)
        {
            CheckIdentity(type, ns, name, applied);
            var old = Find(type, ns, name);
            if (old is null && subresource is not null)
            {
                throw StatusObjects.NotFound(type, name);
            }

            // As on update and patch, a resourceVersion in the applied configuration is a precondition.
            if (old is not null && Json.Str(applied, "metadata", "resourceVersion") is { Length: > 0 } expected
                && expected != old.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusObjects.Conflict(type, name);
            }

            var live = old?.ToJson() ?? new JsonObject
            {
                ["apiVersion"] = type.GroupVersion,
                ["kind"] = type.Kind,
                ["metadata"] = ns.Length == 0 ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["namespace"] = ns },
            };
            var config = (JsonObject)applied.DeepClone();
            config.Remove("apiVersion");
            config.Remove("kind");
            if (subresource == "status")
            {
                foreach (var key in config.Select(p => p.Key).Where(k => k is not ("status" or "metadata")).ToList())
                {
                    config.Remove(key);
                }
            }
            else if (type.HasStatus)
            {
                config.Remove("status");
            }

            var entries = ManagedFieldsEntry.Read(live);
            var fields = FieldSet.Of(config);
            if (subresource == "status")
            {
                fields.RemoveWhere(p => !p.StartsWith("f:status", StringComparison.Ordinal));
            }

            var conflicts = new List<(string Path, ManagedFieldsEntry Owner)>();
            foreach (var entry in entries.Where(e => e.Manager != manager))
            {
                foreach (var path in entry.Fields.Where(fields.Contains))
                {
                    if (path.EndsWith('.'))
                    {
                        continue;
                    }

                    FieldSet.TryGet(live, path, out var liveValue);
                    FieldSet.TryGet(config, path, out var appliedValue);
                    if (!JsonNode.DeepEquals(liveValue, appliedValue))
                    {
                        conflicts.Add((path, entry));
                    }
                }
            }

            if (conflicts.Count > 0 && !force)
            {
                throw ApplyConflict(conflicts);
            }

            // As on a real server, a resourceVersion in the applied configuration is a precondition on the whole
            // object (checked after field ownership, and not lifted by force): leader election relies on it.
            if (old is not null && Json.Str(applied, "metadata", "resourceVersion") is { Length: > 0 } rv && rv != old.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw StatusObjects.Conflict(type, name);
            }

            foreach (var (path, owner) in conflicts)
            {
                owner.Fields.Remove(path);
            }

            var mine = entries.FirstOrDefault(e => e.IsSame(manager, "Apply", subresource));
            var previouslyOwned = mine?.Fields ?? [];
            var result = (JsonObject)live.DeepClone();
            Patches.ApplyMerge(result, config);
            foreach (var path in previouslyOwned.Where(p => !fields.Contains(p)).OrderBy(p => p.EndsWith('.') ? 0 : 1).ThenBy(p => p.Length))
            {
                var prefix = path.EndsWith('.') ? path[..^1] : path;
                if (!entries.Any(e => e != mine && e.Fields.Any(f => f.StartsWith(prefix, StringComparison.Ordinal))))
                {
                    FieldSet.Remove(result, path);
                }
            }

            if (mine is null)
            {
                mine = new ManagedFieldsEntry { Manager = manager, Operation = "Apply", ApiVersion = type.GroupVersion, Subresource = subresource, Fields = [] };
                entries.Add(mine);
            }

            mine.Fields.Clear();
            mine.Fields.UnionWith(fields);
            mine.ApiVersion = Json.Str(applied, "apiVersion") ?? type.GroupVersion;
            mine.Time = Now();
            result["apiVersion"] = type.GroupVersion;
            result["kind"] = type.Kind;

            if (old is null)
            {
                Prepare(type, ns, result);
                SecretData.Normalize(type, result);
                Validation.Validate(type, result);
                RequireNamespace(type, ns);
                var metadata = Json.Obj(result, "metadata");
                metadata["uid"] = Guid.NewGuid().ToString();
                metadata["creationTimestamp"] = Now();
                if (type.HasGeneration)
                {
                    metadata["generation"] = 1;
                }

                Default(type, result);
                metadata["managedFields"] = ManagedFieldsEntry.Write(entries);
                return (Commit(type, ns, name, result, "ADDED", dryRun), true);
            }

            Json.Obj(result, "metadata")["managedFields"] = ManagedFieldsEntry.Write(entries);
            return (Write(type, ns, name, live, result, manager, operation: null, subresource, dryRun), false);
        }
    }

    public StoredObject Delete(ApiResourceType type, string ns, string name, string? propagationPolicy, string? preconditionUid, bool dryRun)
    {
        lock (_gate)
        {
            var old = Find(type, ns, name) ?? throw StatusObjects.NotFound(type, name);
            if (preconditionUid is not null && preconditionUid != old.Uid)
            {
                throw new StatusException(
                    409,
                    "Conflict",
                    $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": Precondition failed: UID in precondition: {preconditionUid}, UID in object meta: {old.Uid}");
            }

            return DeleteLocked(old, propagationPolicy != "Orphan", dryRun);
        }
    }

    public IReadOnlyList<StoredObject> DeleteCollection(ApiResourceType type, string? ns, Selector selector, bool dryRun)
    {
        lock (_gate)
        {
            var victims = Bucket(type).Values.Where(o => (ns is null || o.Namespace == ns) && selector.Matches(o)).ToList();
            return [.. victims.Select(v => DeleteLocked(v, cascade: true, dryRun))];
        }
    }

    /// <summary>Reads, changes and writes an object in one step (for the controllers). <paramref name="change"/> returns false for "no change".</summary>
    public bool Mutate(ApiResourceType type, string ns, string name, string manager, string? subresource, Func<JsonObject, bool> change)
    {
        lock (_gate)
        {
            if (Find(type, ns, name) is not { } old)
            {
                return false;
            }

            var oldObject = old.ToJson();
            var updated = old.ToJson();
            if (!change(updated))
            {
                return false;
            }

            Write(type, ns, name, oldObject, updated, manager, "Update", subresource, dryRun: false);
            return true;
        }
    }

    public WatchSubscription Watch(ApiResourceType type, string? ns, Selector selector, string? resourceVersion, bool sendInitialEvents)
    {
        lock (_gate)
        {
            var initial = new List<WatchEvent>();
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0" || sendInitialEvents)
            {
                foreach (var obj in Bucket(type).Values)
                {
                    if ((ns is null || obj.Namespace == ns) && selector.Matches(obj))
                    {
                        initial.Add(new WatchEvent("ADDED", obj));
                    }
                }
            }
            else
            {
                if (!long.TryParse(resourceVersion, CultureInfo.InvariantCulture, out var from))
                {
                    throw StatusObjects.BadRequest($"invalid resource version: {resourceVersion}");
                }

                if (from < _compactedThrough)
                {
                    throw StatusObjects.Expired($"too old resource version: {from} ({_compactedThrough + 1})");
                }

                var replay = new WatchSubscription(type.StorageKey, ns, selector, [], _ => { });
                for (var i = 0; i < _historyCount; i++)
                {
                    var e = _history[(_historyStart + i) % _history.Length];
                    if (e.Object.ResourceVersion > from && replay.Translate(e) is { } seen)
                    {
                        initial.Add(seen);
                    }
                }
            }

            var subscription = new WatchSubscription(type.StorageKey, ns, selector, initial, Unsubscribe);
            _watchers.Add(subscription);
            return subscription;
        }
    }

    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _watchers.Remove(subscription);
        }
    }

    private StoredObject DeleteLocked(StoredObject old, bool cascade, bool dryRun)
    {
        if (!dryRun)
        {
            if (old.Type.Kind == "Namespace" && old.Type.Group.Length == 0)
            {
                foreach (var bucket in _objects.Values.ToList())
                {
                    foreach (var obj in bucket.Values.Where(o => o.Type.Namespaced && o.Namespace == old.Name).ToList())
                    {
                        DeleteLocked(obj, cascade: false, dryRun: false);
                    }
                }
            }

            if (old.Type.Kind == "CustomResourceDefinition" && old.Type.Group == "apiextensions.k8s.io")
            {
                foreach (var served in Catalog.Unregister(old.Name).Take(1))
                {
                    foreach (var obj in Bucket(served).Values.ToList())
                    {
                        DeleteLocked(obj, cascade: false, dryRun: false);
                    }
                }
            }

            if (cascade)
            {
                foreach (var bucket in _objects.Values.ToList())
                {
                    foreach (var child in bucket.Values.Where(o => o.OwnerUids.Contains(old.Uid)).ToList())
                    {
                        if (Find(child.Type, child.Namespace, child.Name) is not null)
                        {
                            DeleteLocked(child, cascade: true, dryRun: false);
                        }
                    }
                }
            }
        }

        var gone = old.ToJson();
        return Commit(old.Type, old.Namespace, old.Name, gone, "DELETED", dryRun);
    }

    private static StatusException ApplyConflict(List<(string Path, ManagedFieldsEntry Owner)> conflicts)
    {
        var causes = new JsonArray();
        foreach (var (path, owner) in conflicts)
        {
            causes.Add(new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with {owner.Describe()}", ["field"] = FieldSet.Render(path) });
        }

        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner.Describe()}: {FieldSet.Render(conflicts[0].Path)}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in conflicts.GroupBy(c => c.Owner.Describe()).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                lines.Add($"conflicts with {group.Key}:");
                lines.AddRange(group.Select(c => "- " + FieldSet.Render(c.Path)));
            }

            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join('\n', lines)}";
        }

        return new StatusException(409, "Conflict", message, new JsonObject { ["causes"] = causes });
    }

    private static void CheckIdentity(ApiResourceType type, string ns, string name, JsonObject body)
    {
        var bodyName = Json.Str(body, "metadata", "name");
        if (bodyName is not null && bodyName != name)
        {
            throw StatusObjects.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var bodyNamespace = Json.Str(body, "metadata", "namespace");
        if (type.Namespaced && !string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static void Prepare(ApiResourceType type, string ns, JsonObject body)
    {
        var metadata = Json.Obj(body, "metadata");
        var bodyNamespace = Json.Str(metadata, "namespace");
        if (type.Namespaced)
        {
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        body["apiVersion"] = type.GroupVersion;
        body["kind"] = type.Kind;
        metadata.Remove("resourceVersion");
        metadata.Remove("managedFields");
    }

    /// <summary>The defaults the real API server fills in that clients and kubectl rely on.</summary>
    private void Default(ApiResourceType type, JsonObject body)
    {
        switch (type.Kind)
        {
            case "Namespace" when type.Group.Length == 0:
                body["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                body["status"] = new JsonObject { ["phase"] = "Active" };
                break;
            case "Service" when type.Group.Length == 0:
                var spec = Json.Obj(body, "spec");
                spec["type"] ??= "ClusterIP";
                if (Json.Str(spec, "type") != "ExternalName" && string.IsNullOrEmpty(Json.Str(spec, "clusterIP")))
                {
                    var ip = $"10.96.{_nextClusterIp / 250}.{(_nextClusterIp % 250) + 1}";
                    _nextClusterIp++;
                    spec["clusterIP"] = ip;
                    spec["clusterIPs"] = new JsonArray(ip);
                }

                spec["sessionAffinity"] ??= "None";
                foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                    port["targetPort"] ??= port["port"]?.DeepClone();
                }

                break;
            case "Pod" when type.Group.Length == 0:
                DefaultPodSpec(body["spec"] as JsonObject);
                break;
            case "Deployment" when type.Group == "apps":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                var deploymentSpec = Json.Obj(body, "spec");
                deploymentSpec["replicas"] ??= 1;
                deploymentSpec["progressDeadlineSeconds"] ??= 600;
                deploymentSpec["revisionHistoryLimit"] ??= 10;
                deploymentSpec["strategy"] ??= new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" },
                };
                break;
            case "StatefulSet" when type.Group == "apps":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                var statefulSpec = Json.Obj(body, "spec");
                statefulSpec["replicas"] ??= 1;
                statefulSpec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
                break;
            case "DaemonSet" when type.Group == "apps":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                Json.Obj(body, "spec")["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate" };
                break;
            case "ReplicaSet" when type.Group == "apps":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                Json.Obj(body, "spec")["replicas"] ??= 1;
                break;
            case "Job" when type.Group == "batch":
                DefaultPodSpec(body["spec"]?["template"]?["spec"] as JsonObject);
                var jobSpec = Json.Obj(body, "spec");
                jobSpec["completions"] ??= 1;
                jobSpec["parallelism"] ??= 1;
                jobSpec["backoffLimit"] ??= 6;
                break;
            case "CustomResourceDefinition" when type.Group == "apiextensions.k8s.io":
                body["status"] = new JsonObject
                {
                    ["acceptedNames"] = body["spec"]?["names"]?.DeepClone(),
                    ["conditions"] = new JsonArray(
                        new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                        new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
                    ["storedVersions"] = new JsonArray([.. (body["spec"]?["versions"] as JsonArray ?? []).Select(v => JsonValue.Create(Json.Str(v, "name")))]),
                };
                break;
        }
    }

    private static void DefaultPodSpec(JsonObject? podSpec)
    {
        if (podSpec is null)
        {
            return;
        }

        podSpec["restartPolicy"] ??= "Always";
        podSpec["dnsPolicy"] ??= "ClusterFirst";
        foreach (var container in (podSpec["containers"] as JsonArray ?? []).Concat(podSpec["initContainers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = Json.Str(container, "image") ?? string.Empty;
            container["imagePullPolicy"] ??= image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':', StringComparison.Ordinal) ? "Always" : "IfNotPresent";
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            Quantity.CanonicalizeResources(container["resources"] as JsonObject);
            foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
            }
        }
    }

    /// <summary>Builds the new object of an update: the body for the main resource (keeping status), or only the status.</summary>
    private static JsonObject Merge(ApiResourceType type, JsonObject old, JsonObject body, string? subresource)
    {
        JsonObject updated;
        if (subresource == "status")
        {
            updated = (JsonObject)old.DeepClone();
            updated["status"] = body["status"]?.DeepClone();
        }
        else
        {
            updated = (JsonObject)body.DeepClone();
            if (type.HasStatus)
            {
                updated["status"] = old["status"]?.DeepClone();
            }

            var metadata = Json.Obj(updated, "metadata");
            foreach (var key in new[] { "uid", "creationTimestamp", "generation", "namespace", "deletionTimestamp" })
            {
                metadata[key] = old["metadata"]?[key]?.DeepClone();
            }
        }

        updated["apiVersion"] = type.GroupVersion;
        updated["kind"] = type.Kind;
        return updated;
    }

    private StoredObject Write(ApiResourceType type, string ns, string name, JsonObject old, JsonObject updated, string manager, string? operation, string? subresource, bool dryRun)
    {
        SecretData.Normalize(type, updated);
        Validation.Validate(type, updated);
        if (type.Group is "apps" or "batch" || (type.Group.Length == 0 && type.Kind == "Pod"))
        {
            Default(type, updated);
        }

        Validation.ValidateUpdate(type, old, updated);

        var metadata = Json.Obj(updated, "metadata");
        if (type.HasGeneration)
        {
            metadata["generation"] = (Json.Int(old, "metadata", "generation") ?? 1) + (SpecChanged(old, updated) ? 1 : 0);
        }
        else
        {
            metadata.Remove("generation");
        }

        if (operation is not null)
        {
            SetManagedFields(old, updated, manager, operation, subresource, type.GroupVersion);
        }

        if (JsonNode.DeepEquals(Strip(old), Strip(updated)) && !dryRun)
        {
            return Find(type, ns, name)!;
        }

        return Commit(type, ns, name, updated, "MODIFIED", dryRun);
    }

    private static JsonObject Strip(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("resourceVersion");
            if (metadata["managedFields"] is JsonArray fields)
            {
                foreach (var entry in fields.OfType<JsonObject>())
                {
                    entry.Remove("time");
                }
            }
        }

        return copy;
    }

    private static bool SpecChanged(JsonObject old, JsonObject updated)
    {
        foreach (var key in old.Select(p => p.Key).Union(updated.Select(p => p.Key)))
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }

            if (!JsonNode.DeepEquals(old[key], updated[key]))
            {
                return true;
            }
        }

        return false;
    }

    private void SetManagedFields(JsonObject? old, JsonObject updated, string manager, string operation, string? subresource, string apiVersion)
    {
        var entries = old is null ? [] : ManagedFieldsEntry.Read(old);
        var fields = FieldSet.Of(updated);
        var scoped = subresource == "status"
            ? fields.Where(p => p.StartsWith("f:status", StringComparison.Ordinal))
            : fields.Where(p => !p.StartsWith("f:status", StringComparison.Ordinal) || old is null);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in scoped)
        {
            if (old is null || !FieldSet.TryGet(old, path, out var before) || !FieldSet.TryGet(updated, path, out var after) || !JsonNode.DeepEquals(before, after))
            {
                changed.Add(path);
            }
        }

        foreach (var entry in entries)
        {
            entry.Fields.IntersectWith(fields);
            if (!entry.IsSame(manager, operation, subresource))
            {
                entry.Fields.ExceptWith(changed);
            }
        }

        var mine = entries.FirstOrDefault(e => e.IsSame(manager, operation, subresource));
        if (mine is null && changed.Count > 0)
        {
            mine = new ManagedFieldsEntry { Manager = manager, Operation = operation, ApiVersion = apiVersion, Subresource = subresource, Fields = [] };
            entries.Add(mine);
        }

        if (mine is not null && changed.Count > 0)
        {
            mine.Fields.UnionWith(changed);
            mine.Time = Now();
        }

        Json.Obj(updated, "metadata")["managedFields"] = ManagedFieldsEntry.Write(entries);
    }

    private StoredObject Commit(ApiResourceType type, string ns, string name, JsonObject obj, string eventType, bool dryRun)
    {
        var rv = dryRun ? _resourceVersion : ++_resourceVersion;
        var metadata = Json.Obj(obj, "metadata");
        metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var owners = (metadata["ownerReferences"] as JsonArray ?? []).Select(o => Json.Str(o, "uid")).OfType<string>().ToArray();
        var stored = new StoredObject(type, ns, name, Json.Str(metadata, "uid") ?? string.Empty, rv, Json.StringMap(metadata["labels"]), Json.ToUtf8(obj)) { OwnerUids = owners };
        if (dryRun)
        {
            return stored;
        }

        var bucket = Bucket(type);
        var previous = bucket.GetValueOrDefault(stored.Key);
        if (eventType == "DELETED")
        {
            bucket.Remove(stored.Key);
        }
        else
        {
            bucket[stored.Key] = stored;
            if (type.Kind == "CustomResourceDefinition" && type.Group == "apiextensions.k8s.io")
            {
                Catalog.Register(obj);
            }
        }

        var e = new WatchEvent(eventType, stored, previous);
        if (_historyCount == _history.Length)
        {
            _compactedThrough = _history[_historyStart].Object.ResourceVersion;
            _historyStart = (_historyStart + 1) % _history.Length;
            _historyCount--;
        }

        _history[(_historyStart + _historyCount) % _history.Length] = e;
        _historyCount++;
        foreach (var watcher in _watchers)
        {
            if (watcher.Translate(e) is { } seen)
            {
                watcher.Offer(seen);
            }
        }

        return stored;
    }

    private void RequireNamespace(ApiResourceType type, string ns)
    {
        if (type.Namespaced && !(_objects.TryGetValue("/namespaces", out var namespaces) && namespaces.ContainsKey("/" + ns)))
        {
            throw StatusObjects.NamespaceNotFound(ns);
        }
    }

    private StoredObject? Find(ApiResourceType type, string ns, string name)
        => Bucket(type).TryGetValue(ns + "/" + name, out var obj) ? obj : null;

    private SortedDictionary<string, StoredObject> Bucket(ApiResourceType type)
    {
        if (!_objects.TryGetValue(type.StorageKey, out var bucket))
        {
            bucket = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _objects[type.StorageKey] = bucket;
        }

        return bucket;
    }

    private string RandomSuffix()
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string([.. Enumerable.Range(0, 5).Select(_ => Alphabet[_random.Next(Alphabet.Length)])]);
    }
}
