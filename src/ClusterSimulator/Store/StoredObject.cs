using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>An immutable stored version of an object: its serialized JSON plus the fields lists and selectors need.</summary>
internal sealed class StoredObject(ApiResourceType type, string ns, string name, string uid, long resourceVersion, IReadOnlyDictionary<string, string> labels, byte[] json)
{
    public ApiResourceType Type { get; } = type;

    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    public string Uid { get; } = uid;

    public long ResourceVersion { get; } = resourceVersion;

    public IReadOnlyDictionary<string, string> Labels { get; } = labels;

    public byte[] Utf8Json { get; } = json;

    public IReadOnlyList<string> OwnerUids { get; init; } = [];

    public string Key => Namespace + "/" + Name;

    /// <summary>A fresh mutable copy.</summary>
    public JsonObject ToJson() => Json.ParseObject(Utf8Json);
}
