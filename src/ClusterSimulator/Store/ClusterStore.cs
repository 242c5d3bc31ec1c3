using System.Globalization;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// The object store's write path and its one lock: every read and write of every resource, so resource versions and
/// watch events are totally ordered. Storage lives in <see cref="ObjectTable"/>, defaults in <see cref="Defaulting"/>,
/// server-side apply and managed fields in <see cref="ServerSideApply"/>, the rules of a write in <see cref="WriteRules"/>,
/// and the watch history and watchers in <see cref="WatchFanOut"/>. Refusals are <see cref="StoreException"/>s.
/// </summary>
internal sealed class ClusterStore
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private readonly Lock _gate = new();
    private readonly ObjectTable _objects = new();
    private readonly Defaulting _defaulting = new();
    private readonly WatchFanOut _watches;
    private readonly TimeProvider _time;
    private readonly Random _random;

    /// <summary>A store with the namespaces and nodes every cluster has; <paramref name="random"/> picks generated names.</summary>
    public ClusterStore(ResourceCatalog catalog, TimeProvider time, int historySize, Random random)
    {
        Catalog = catalog;
        _time = time;
        _random = random;
        _watches = new WatchFanOut(historySize);
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
                return _objects.ResourceVersion;
            }
        }
    }

    public string Now() => _time.GetUtcNow().UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public StoredObject Get(ApiResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.Find(type, ns, name) ?? throw ObjectNotFoundException.Of(type, name);
        }
    }

    public StoredObject? TryGet(ApiResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.Find(type, ns, name);
        }
    }

    public IReadOnlyList<StoredObject> All(ApiResourceType type, string? ns = null)
    {
        lock (_gate)
        {
            return [.. _objects.Objects(type).Where(o => ns is null || o.Namespace == ns)];
        }
    }

    public ListResult List(ApiResourceType type, string? ns, Selector selector, int limit, string? continueToken)
    {
        var after = ObjectTable.ContinueAfter(continueToken);
        lock (_gate)
        {
            return _objects.Page(type, ns, selector, limit, after);
        }
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

            WriteRules.Prepare(type, ns, body);
            if (!keepStatus && type.HasStatus)
            {
                body.Remove("status");
            }

            SecretData.Normalize(type, body);
            Validation.Validate(type, body);
            RequireNamespace(type, ns);
            if (_objects.Find(type, ns, name) is not null)
            {
                throw new ObjectExistsException(type, name);
            }

            Stamp(type, metadata);
            ServerSideApply.RecordUpdate(null, body, manager, "Update", null, type.GroupVersion, Now());
            _defaulting.OnCreate(type, body);
            return Commit(type, ns, name, body, "ADDED", dryRun);
        }
    }

    /// <summary>Update (PUT). Returns the stored object and whether it was created (a Lease creates on update).</summary>
    public (StoredObject Object, bool Created) Update(ApiResourceType type, string ns, string name, JsonObject body, string manager, string? subresource, bool dryRun)
    {
        lock (_gate)
        {
            var old = _objects.Find(type, ns, name);
            WriteRules.CheckIdentity(type, ns, name, body);
            var rv = Json.Str(body, "metadata", "resourceVersion");
            if (old is null && type.IsLease && subresource is null)
            {
                Json.Obj(body, "metadata")["name"] = name;
                return (Create(type, ns, body, manager, dryRun), true);
            }

            if (old is null)
            {
                throw ObjectNotFoundException.Of(type, name);
            }

            if (string.IsNullOrEmpty(rv) && type.IsLease && subresource is null)
            {
                throw new ResourceVersionRequiredException(type, name);
            }

            RequireVersion(old, rv);
            var oldObject = old.ToJson();
            var updated = WriteRules.MergeUpdate(type, oldObject, body, subresource);
            return (Write(type, ns, name, oldObject, updated, manager, "Update", subresource, dryRun), false);
        }
    }

    public StoredObject Patch(ApiResourceType type, string ns, string name, string patchType, string patchText, string manager, string? subresource, bool dryRun)
    {
        lock (_gate)
        {
            var old = _objects.Find(type, ns, name) ?? throw ObjectNotFoundException.Of(type, name);
            var oldObject = old.ToJson();
            var patched = Patches.Apply(patchType, old.ToJson(), patchText);
            WriteRules.CheckIdentity(type, ns, name, patched);
            RequireVersion(old, Json.Str(patched, "metadata", "resourceVersion"));
            var updated = WriteRules.MergeUpdate(type, oldObject, patched, subresource);
            return Write(type, ns, name, oldObject, updated, manager, "Update", subresource, dryRun);
        }
    }

    /// <summary>Server-side apply. Returns the stored object and whether it was created.</summary>
    public (StoredObject Object, bool Created) Apply(ApiResourceType type, string ns, string name, JsonObject applied, string manager, bool force, string? subresource, bool dryRun)
    {
        lock (_gate)
        {
            WriteRules.CheckIdentity(type, ns, name, applied);
            var old = _objects.Find(type, ns, name);
            if (old is null && subresource is not null)
            {
                throw ObjectNotFoundException.Of(type, name);
            }

            // As on update and patch, a resourceVersion in the applied configuration is a precondition on the whole
            // object, not lifted by force: leader election relies on it.
            if (old is not null)
            {
                RequireVersion(old, Json.Str(applied, "metadata", "resourceVersion"));
            }

            var live = old?.ToJson() ?? new JsonObject
            {
                ["apiVersion"] = type.GroupVersion,
                ["kind"] = type.Kind,
                ["metadata"] = ns.Length == 0 ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["namespace"] = ns },
            };
            var (result, entries) = ServerSideApply.Apply(type, live, applied, manager, force, subresource, Now());
            if (old is null)
            {
                WriteRules.Prepare(type, ns, result);
                SecretData.Normalize(type, result);
                Validation.Validate(type, result);
                RequireNamespace(type, ns);
                var metadata = Json.Obj(result, "metadata");
                Stamp(type, metadata);
                _defaulting.OnCreate(type, result);
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
            var old = _objects.Find(type, ns, name) ?? throw ObjectNotFoundException.Of(type, name);
            if (preconditionUid is not null && preconditionUid != old.Uid)
            {
                throw new UidPreconditionException(type, name, preconditionUid, old.Uid);
            }

            return DeleteLocked(old, propagationPolicy != "Orphan", dryRun);
        }
    }

    public IReadOnlyList<StoredObject> DeleteCollection(ApiResourceType type, string? ns, Selector selector, bool dryRun)
    {
        lock (_gate)
        {
            var victims = _objects.Objects(type).Where(o => (ns is null || o.Namespace == ns) && selector.Matches(o)).ToList();
            return [.. victims.Select(v => DeleteLocked(v, cascade: true, dryRun))];
        }
    }

    /// <summary>Reads, changes and writes an object in one step (for the controllers). <paramref name="change"/> returns false for "no change".</summary>
    public bool Mutate(ApiResourceType type, string ns, string name, string manager, string? subresource, Func<JsonObject, bool> change)
    {
        lock (_gate)
        {
            if (_objects.Find(type, ns, name) is not { } old)
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
            return _watches.Subscribe(type, ns, selector, resourceVersion, sendInitialEvents, _objects.Objects(type));
        }
    }

    /// <summary>A write that names a resourceVersion (PUT, patch, apply) is refused unless it is the object's current one.</summary>
    private static void RequireVersion(StoredObject old, string? expected)
    {
        if (!string.IsNullOrEmpty(expected) && expected != old.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new VersionConflictException(old.Type, old.Name);
        }
    }

    private void Stamp(ApiResourceType type, JsonObject metadata)
    {
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        if (type.HasGeneration)
        {
            metadata["generation"] = 1;
        }
    }

    private StoredObject DeleteLocked(StoredObject old, bool cascade, bool dryRun)
    {
        if (!dryRun)
        {
            if (old.Type.Kind == "Namespace" && old.Type.Group.Length == 0)
            {
                foreach (var obj in _objects.Where(o => o.Type.Namespaced && o.Namespace == old.Name))
                {
                    DeleteLocked(obj, cascade: false, dryRun: false);
                }
            }

            if (old.Type.Kind == "CustomResourceDefinition" && old.Type.Group == "apiextensions.k8s.io")
            {
                foreach (var served in Catalog.Unregister(old.Name).Take(1))
                {
                    foreach (var obj in _objects.Objects(served).ToList())
                    {
                        DeleteLocked(obj, cascade: false, dryRun: false);
                    }
                }
            }

            if (cascade)
            {
                foreach (var child in _objects.Where(o => o.OwnerUids.Contains(old.Uid)))
                {
                    if (_objects.Find(child.Type, child.Namespace, child.Name) is not null)
                    {
                        DeleteLocked(child, cascade: true, dryRun: false);
                    }
                }
            }
        }

        var gone = old.ToJson();
        return Commit(old.Type, old.Namespace, old.Name, gone, "DELETED", dryRun);
    }

    private StoredObject Write(ApiResourceType type, string ns, string name, JsonObject old, JsonObject updated, string manager, string? operation, string? subresource, bool dryRun)
    {
        SecretData.Normalize(type, updated);
        Validation.Validate(type, updated);
        _defaulting.OnUpdate(type, updated);
        Validation.ValidateUpdate(type, old, updated);

        var metadata = Json.Obj(updated, "metadata");
        if (type.HasGeneration)
        {
            metadata["generation"] = (Json.Int(old, "metadata", "generation") ?? 1) + (WriteRules.SpecChanged(old, updated) ? 1 : 0);
        }
        else
        {
            metadata.Remove("generation");
        }

        if (operation is not null)
        {
            ServerSideApply.RecordUpdate(old, updated, manager, operation, subresource, type.GroupVersion, Now());
        }

        if (WriteRules.SameContent(old, updated) && !dryRun)
        {
            return _objects.Find(type, ns, name)!;
        }

        return Commit(type, ns, name, updated, "MODIFIED", dryRun);
    }

    private StoredObject Commit(ApiResourceType type, string ns, string name, JsonObject obj, string eventType, bool dryRun)
    {
        var rv = dryRun ? _objects.ResourceVersion : _objects.NextResourceVersion();
        var metadata = Json.Obj(obj, "metadata");
        metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var owners = (metadata["ownerReferences"] as JsonArray ?? []).Select(o => Json.Str(o, "uid")).OfType<string>().ToArray();
        var stored = new StoredObject(type, ns, name, Json.Str(metadata, "uid") ?? string.Empty, rv, Json.StringMap(metadata["labels"]), Json.ToUtf8(obj)) { OwnerUids = owners };
        if (dryRun)
        {
            return stored;
        }

        StoredObject? previous;
        if (eventType == "DELETED")
        {
            previous = _objects.Remove(stored);
        }
        else
        {
            previous = _objects.Put(stored);
            if (type.Kind == "CustomResourceDefinition" && type.Group == "apiextensions.k8s.io")
            {
                Catalog.Register(obj);
            }
        }

        _watches.Publish(new WatchEvent(eventType, stored, previous));
        return stored;
    }

    private void RequireNamespace(ApiResourceType type, string ns)
    {
        if (type.Namespaced && !_objects.NamespaceExists(ns))
        {
            throw ObjectNotFoundException.Namespace(ns);
        }
    }

    private string RandomSuffix()
        => new([.. Enumerable.Range(0, 5).Select(_ => NameAlphabet[_random.Next(NameAlphabet.Length)])]);
}
