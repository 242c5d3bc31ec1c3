using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Dm.Domain;
using Microsoft.Extensions.Logging;

namespace Dm.Kubernetes;

/// <summary>
/// The objects of one kind in one namespace (or cluster-wide) of one cluster, kept in memory, as client-go's informers
/// do: listed once, then followed with a watch from the list's resourceVersion (<see cref="IClusterClient.WatchAsync"/>
/// resumes dropped streams and re-lists on 410 Gone). A watch that fails (forbidden, unknown kind, server error) is
/// started again with capped backoff and a fresh list. Objects the caller got back from the server (an apply) can be
/// fed in with <see cref="Observe"/>, so the cache never lags behind the caller's own writes. Reading costs no request.
/// Objects are kept compact (<see cref="ObjectCompaction"/>): the same JSON, a fraction of the memory of the parsed text.
/// </summary>
public sealed class ObjectInformer : IDisposable
{
    private readonly IClusterClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly List<Action<WatchEventType, JsonObject>> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Backoff _backoff;
    private readonly Random _random;
    private readonly Func<JsonObject, JsonObject> _transform;
    private readonly StringPool _pool = new();
    private TaskCompletionSource _attempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _retryNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _synced;

    /// <param name="transform">Applied to every object before it is kept (and before subscribers see it), e.g. to drop
    /// what the caller never reads, as client-go's <c>SetTransform</c>; it may change the object in place.</param>
    public ObjectInformer(IClusterClient client, ResourceQuery query, TimeProvider time, ILogger logger, TimeSpan? retryBase = null, TimeSpan? retryMax = null, Func<JsonObject, JsonObject>? transform = null, Random? random = null)
    {
        _client = client;
        _transform = transform ?? (o => o);
        Query = query;
        _time = time;
        _logger = logger;
        _backoff = new Backoff(retryBase ?? TimeSpan.FromMilliseconds(200), retryMax ?? TimeSpan.FromSeconds(30));
        _random = random ?? Random.Shared;
        _ = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>What this informer follows.</summary>
    public ResourceQuery Query { get; }

    /// <summary>Whether the objects are complete: the list finished and the watch follows (stale while a broken stream is resumed).</summary>
    public bool IsSynced => _synced;

    /// <summary>Number of watch (re)starts, each with a full list (for tests and metrics).</summary>
    public int Starts { get; private set; }

    /// <summary>
    /// The objects by name, once the first list finished. Before that, waits for the current attempt and throws its
    /// failure (the cluster's <see cref="KubernetesApiException"/>, <see cref="KubernetesTransportException"/> or
    /// <see cref="UnknownResourceTypeException"/>); the informer keeps retrying in the background.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, JsonObject>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!_synced)
        {
            Task attempt;
            lock (_lock)
            {
                attempt = _attempt.Task;
            }

            await attempt.WaitAsync(cancellationToken);
        }

        return Snapshot();
    }

    /// <summary>The objects known now, complete or not.</summary>
    public IReadOnlyDictionary<string, JsonObject> Snapshot() => new Dictionary<string, JsonObject>(_objects, StringComparer.Ordinal);

    /// <summary>
    /// Takes an object as the server returned it (from an apply): it replaces the cached one unless the cache already
    /// holds a newer resourceVersion. When the informer could not start yet (the kind did not exist), it tries again now.
    /// </summary>
    public void Observe(JsonObject stored)
    {
        Upsert(ObjectCompaction.Compact(_transform(stored), _pool));
        if (!_synced)
        {
            lock (_lock)
            {
                _retryNow.TrySetResult();
            }
        }
    }

    /// <summary>How many <see cref="Subscribe"/> callers are still subscribed.</summary>
    public int Subscribers
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Calls <paramref name="onChange"/> for every object change the watch sees (not for <see cref="Observe"/>). Dispose to stop.</summary>
    public IDisposable Subscribe(Action<WatchEventType, JsonObject> onChange)
    {
        lock (_lock)
        {
            _subscribers.Add(onChange);
        }

        return new Subscription(this, onChange);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        lock (_lock)
        {
            // A reader still waiting for the first list learns it will not come, rather than waiting for its own timeout.
            _attempt.TrySetException(new ObjectDisposedException(nameof(ObjectInformer), $"the informer of {Query.Kind} in {Query.Namespace ?? "(cluster)"} was stopped"));
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Starts++;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var initial = true;
            string? listVersion = null;
            try
            {
                await foreach (var change in _client.WatchAsync(Query, null, cancellationToken))
                {
                    if (change.Type == WatchEventType.Bookmark)
                    {
                        if (initial && change.IsInitialEventsEnd)
                        {
                            initial = false;
                            listVersion = change.ResourceVersion;
                            RemoveUnseen(seen, listVersion);
                            failures = 0;
                            MarkSynced();
                        }

                        continue;
                    }

                    var item = change.Type == WatchEventType.Deleted ? _transform(change.Resource) : ObjectCompaction.Compact(_transform(change.Resource), _pool);
                    var name = Name(item);
                    if (initial)
                    {
                        seen.Add(name);
                    }

                    if (change.Type == WatchEventType.Deleted)
                    {
                        Remove(name, item);
                    }
                    else
                    {
                        Upsert(item);
                    }

                    if (!initial)
                    {
                        Notify(change.Type, item);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Anything (the server, the connection, credentials an exec plugin could not get, a malformed event)
                // ends this list+watch only: readers see the failure, and the informer starts again after a backoff.
                failures++;
                LogWatchFailed(ex, failures);
                MarkFailed(ex);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Task retryNow;
            lock (_lock)
            {
                retryNow = _retryNow.Task;
            }

            try
            {
                await Task.WhenAny(retryNow, Task.Delay(Backoff(Math.Max(1, failures)), _time, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_lock)
            {
                if (_retryNow.Task.IsCompleted)
                {
                    _retryNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                if (_attempt.Task.IsCompleted && !_synced)
                {
                    _attempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }

    private void MarkSynced()
    {
        lock (_lock)
        {
            _synced = true;
            if (!_attempt.TrySetResult())
            {
                _attempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _attempt.SetResult();
            }
        }
    }

    private void MarkFailed(Exception ex)
    {
        lock (_lock)
        {
            if (_synced)
            {
                // It was complete once: readers keep the last known objects (as stale as a resumed stream) while it re-lists.
                return;
            }

            if (!_attempt.TrySetException(ex))
            {
                _attempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _attempt.SetException(ex);
            }
        }
    }

    private void Upsert(JsonObject item)
    {
        var name = Name(item);
        _objects.AddOrUpdate(name, item, (_, current) => IsOlder(item, current) ? current : item);
    }

    private void Remove(string name, JsonObject deleted)
    {
        if (_objects.TryGetValue(name, out var current) && !IsOlder(deleted, current))
        {
            _objects.TryRemove(new KeyValuePair<string, JsonObject>(name, current));
        }
    }

    /// <summary>After a (re-)list: drops what the list did not have, except objects newer than the list (seen since).</summary>
    private void RemoveUnseen(HashSet<string> seen, string listVersion)
    {
        foreach (var (name, item) in _objects)
        {
            if (!seen.Contains(name) && !(Version(item) is { } v && long.TryParse(listVersion, CultureInfo.InvariantCulture, out var list) && v > list))
            {
                _objects.TryRemove(new KeyValuePair<string, JsonObject>(name, item));
            }
        }
    }

    private void Notify(WatchEventType type, JsonObject item)
    {
        Action<WatchEventType, JsonObject>[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber(type, item);
            }
#pragma warning disable CA1031 // a subscriber's defect must not stop the watch that feeds every other reader
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogError(ex, "A subscriber of {Kind} in {Namespace} failed", Query.Kind, Query.Namespace ?? "(cluster)");
            }
        }
    }

    private void Unsubscribe(Action<WatchEventType, JsonObject> onChange)
    {
        lock (_lock)
        {
            _subscribers.Remove(onChange);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        lock (_lock)
        {
            return _backoff.After(failures, _random.NextDouble());
        }
    }

    private void LogWatchFailed(Exception ex, int failures) =>
        _logger.LogWarning("Watch of {Kind} in {Namespace} failed ({Failures} in a row), starting again with a fresh list after a backoff: {Message}",
            Query.Kind, Query.Namespace ?? "(cluster)", failures, ex.Message);

    /// <summary>
    /// Whether <paramref name="candidate"/> is older than <paramref name="current"/>. resourceVersions are opaque to
    /// clients, but every API server backed by etcd (and the simulator) issues increasing integers; anything else is
    /// taken as newer.
    /// </summary>
    private static bool IsOlder(JsonObject candidate, JsonObject current) =>
        Version(candidate) is { } a && Version(current) is { } b && a < b;

    private static long? Version(JsonObject item) =>
        long.TryParse((string?)item["metadata"]?["resourceVersion"], CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Name(JsonObject item) => (string?)item["metadata"]?["name"] ?? string.Empty;

    private sealed class Subscription(ObjectInformer informer, Action<WatchEventType, JsonObject> onChange) : IDisposable
    {
        public void Dispose() => informer.Unsubscribe(onChange);
    }
}
