using System.Text;

namespace Dm.ClusterSimulator.Store;

/// <summary>One change in the event history; its wire line (<c>{"type":...,"object":...}\n</c>) is built once and shared.</summary>
internal sealed class WatchEvent(string type, StoredObject obj, StoredObject? previous = null)
{
    private byte[]? _line;

    public string Type { get; } = type;

    public StoredObject Object { get; } = obj;

    /// <summary>The version before this change (null for creations), so selector watches can see objects leave or enter.</summary>
    public StoredObject? Previous { get; } = previous;

    public byte[] Line => _line ??= Build();

    private byte[] Build()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"" + Type + "\",\"object\":");
        var line = new byte[prefix.Length + Object.Utf8Json.Length + 2];
        prefix.CopyTo(line, 0);
        Object.Utf8Json.CopyTo(line, prefix.Length);
        line[^2] = (byte)'}';
        line[^1] = (byte)'\n';
        return line;
    }
}
