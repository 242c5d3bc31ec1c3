using System.Text;
using System.Text.Json.Nodes;

namespace Dm.Aggregator.Tests;

/// <summary>One request a <see cref="ReceiverStub"/> got: path with query, headers, exact body bytes.</summary>
internal sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
