using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Dm.Kubernetes;

/// <summary>
/// Maps group + kind (+ optional version) to an <see cref="ApiResource"/> from <c>/api</c>, <c>/apis</c> and the
/// group-version resource lists. The result is an immutable snapshot swapped atomically, so lookups are lock-free;
/// a miss refreshes it (one refresh at a time; callers that waited reuse a refresh that finished meanwhile), so a
/// CRD created a moment ago is found.
/// </summary>
internal sealed class ApiDiscovery : IDisposable
{
    private readonly Func<string, CancellationToken, Task<JsonObject>> _getJson;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    public ApiDiscovery(Func<string, CancellationToken, Task<JsonObject>> getJson, ILogger logger)
    {
        _getJson = getJson;
        _logger = logger;
    }

    public async Task<ApiResource> ResolveAsync(string group, string kind, string? version, CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot) ?? await RefreshAsync(null, cancellationToken);
        if (snapshot.Find(group, kind, version) is { } found)
        {
            return found;
        }

        snapshot = await RefreshAsync(snapshot, cancellationToken);
        if (snapshot.Find(group, kind, version) is { } refreshed)
        {
            return refreshed;
        }

        var groupText = group.Length == 0 ? "the core group" : group;
        var versions = snapshot.Versions.TryGetValue(group, out var known) ? string.Join(", ", known) : "none (the group is not served)";
        throw new UnknownResourceTypeException(version is null
            ? $"the cluster has no resource type for kind {kind} in {groupText} (versions of {groupText}: {versions})"
            : $"the cluster has no resource type for kind {kind} in {(group.Length == 0 ? version : $"{group}/{version}")} (versions of {groupText}: {versions})");
    }

    public void Dispose() => _refresh.Dispose();

    private async Task<Snapshot> RefreshAsync(Snapshot? stale, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var current = Volatile.Read(ref _snapshot);
            if (current is not null && !ReferenceEquals(current, stale))
            {
                return current;
            }

            var fresh = await LoadAsync(cancellationToken);
            Volatile.Write(ref _snapshot, fresh);
            return fresh;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var coreTask = _getJson("/api", cancellationToken);
        var groupsTask = _getJson("/apis", cancellationToken);
        var core = await coreTask;
        var groups = await groupsTask;

        var groupVersions = new List<(string Group, string Version, string Path)>();
        var preferred = new Dictionary<string, string>(StringComparer.Ordinal);
        var versions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        var coreVersions = (core["versions"] as JsonArray ?? []).Select(v => (string?)v).OfType<string>().ToList();
        if (coreVersions.Count > 0)
        {
            preferred[string.Empty] = coreVersions[0];
            versions[string.Empty] = coreVersions;
            groupVersions.AddRange(coreVersions.Select(v => (string.Empty, v, $"/api/{v}")));
        }

        foreach (var group in (groups["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string?)group["name"];
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var groupVersionList = (group["versions"] as JsonArray ?? []).OfType<JsonObject>().Select(v => (string?)v["version"]).OfType<string>().ToList();
            versions[name] = groupVersionList;
            if ((string?)group["preferredVersion"]?["version"] is { } preferredVersion)
            {
                preferred[name] = preferredVersion;
            }
            else if (groupVersionList.Count > 0)
            {
                preferred[name] = groupVersionList[0];
            }

            groupVersions.AddRange(groupVersionList.Select(v => (name, v, $"/apis/{name}/{v}")));
        }

        var lists = await Task.WhenAll(groupVersions.Select(async gv =>
        {
            try
            {
                return (gv.Group, gv.Version, List: (JsonObject?)await _getJson(gv.Path, cancellationToken));
            }
            catch (Exception e) when (e is KubernetesApiException or KubernetesTransportException)
            {
                // An unavailable aggregated API (metrics-server down, say) must not hide every other kind.
                _logger.LogWarning(e, "Discovery of {GroupVersion} failed; its kinds are unknown until the next refresh", gv.Path);
                return (gv.Group, gv.Version, List: (JsonObject?)null);
            }
        }));

        var byKind = new Dictionary<(string Group, string Version, string Kind), ApiResource>();
        foreach (var (group, version, list) in lists)
        {
            foreach (var entry in (list?["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var plural = (string?)entry["name"];
                var kind = (string?)entry["kind"];
                if (string.IsNullOrEmpty(plural) || string.IsNullOrEmpty(kind) || plural.Contains('/', StringComparison.Ordinal))
                {
                    continue; // subresources such as deployments/status
                }

                var verbs = (entry["verbs"] as JsonArray ?? []).Select(v => (string?)v).OfType<string>().ToList();
                var namespaced = entry["namespaced"] is JsonValue n && n.TryGetValue<bool>(out var isNamespaced) && isNamespaced;
                byKind.TryAdd((group, version, kind), new ApiResource(group, version, kind, plural, namespaced, verbs));
            }
        }

        return new Snapshot(byKind, preferred, versions);
    }

    private sealed record Snapshot(
        IReadOnlyDictionary<(string Group, string Version, string Kind), ApiResource> ByKind,
        IReadOnlyDictionary<string, string> Preferred,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Versions)
    {
        public ApiResource? Find(string group, string kind, string? version)
        {
            if (version is not null)
            {
                return ByKind.GetValueOrDefault((group, version, kind));
            }

            if (Preferred.TryGetValue(group, out var preferred) && ByKind.TryGetValue((group, preferred, kind), out var atPreferred))
            {
                return atPreferred;
            }

            foreach (var other in Versions.GetValueOrDefault(group) ?? [])
            {
                if (ByKind.TryGetValue((group, other, kind), out var found))
                {
                    return found;
                }
            }

            return null;
        }
    }
}
