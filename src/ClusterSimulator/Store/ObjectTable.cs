using System.Globalization;
using System.Text;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// Storage: every stored object by resource and key (<c>namespace/name</c>, sorted, so lists page in a stable order),
/// and the one global resourceVersion counter. Not thread-safe: <see cref="ClusterStore"/> holds its lock around every call.
/// </summary>
internal sealed class ObjectTable
{
    private const string NamespacesKey = "/namespaces";
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _objects = new(StringComparer.Ordinal);

    public long ResourceVersion { get; private set; }

    public long NextResourceVersion() => ++ResourceVersion;

    public StoredObject? Find(ApiResourceType type, string ns, string name)
        => Bucket(type).TryGetValue(ns + "/" + name, out var obj) ? obj : null;

    public IEnumerable<StoredObject> Objects(ApiResourceType type) => Bucket(type).Values;

    /// <summary>A snapshot of the objects of every resource that match, resource by resource in key order.</summary>
    public IReadOnlyList<StoredObject> Where(Func<StoredObject, bool> predicate)
        => [.. _objects.Values.SelectMany(bucket => bucket.Values.Where(predicate))];

    public bool NamespaceExists(string ns) => _objects.TryGetValue(NamespacesKey, out var namespaces) && namespaces.ContainsKey("/" + ns);

    /// <summary>Stores <paramref name="stored"/> and returns the version it replaces, if any.</summary>
    public StoredObject? Put(StoredObject stored)
    {
        var bucket = Bucket(stored.Type);
        var previous = bucket.GetValueOrDefault(stored.Key);
        bucket[stored.Key] = stored;
        return previous;
    }

    /// <summary>Removes the object at <paramref name="stored"/>'s key and returns the version removed, if any.</summary>
    public StoredObject? Remove(StoredObject stored)
    {
        var bucket = Bucket(stored.Type);
        var previous = bucket.GetValueOrDefault(stored.Key);
        bucket.Remove(stored.Key);
        return previous;
    }

    /// <summary>One page of a LIST: up to <paramref name="limit"/> (0: all) matching objects after the continue token's key.</summary>
    public ListResult Page(ApiResourceType type, string? ns, Selector selector, int limit, string? after)
    {
        var items = new List<StoredObject>();
        var rv = ResourceVersion;
        var count = 0;
        foreach (var (key, obj) in Bucket(type))
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
            var next = Convert.ToBase64String(Encoding.UTF8.GetBytes(rv.ToString(CultureInfo.InvariantCulture) + "|" + items[^1].Key));
            return new ListResult(items, rv, next, count);
        }

        return new ListResult(items, rv, null, null);
    }

    /// <summary>The key a continue token resumes after.</summary>
    public static string? ContinueAfter(string? continueToken)
    {
        if (string.IsNullOrEmpty(continueToken))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(continueToken));
            return decoded[(decoded.IndexOf('|', StringComparison.Ordinal) + 1)..];
        }
        catch (FormatException)
        {
            throw new MalformedRequestException("continue key is not valid: illegal base64 data");
        }
    }

    private SortedDictionary<string, StoredObject> Bucket(ApiResourceType type)
    {
        if (!_objects.TryGetValue(type.StorageKey, out var bucket))
        {
            bucket = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _objects[type.StorageKey] = bucket;
        }

        return bucket;
    }
}
