using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Dm.Deployer.Cli;

/// <summary>
/// An object as YAML the way <c>kubectl get -o yaml</c> and <c>kubectl diff</c> show it: keys sorted, lists under
/// their key without extra indent, strings quoted only where YAML would read them as something else. Pure.
/// </summary>
public static class ManifestYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    public static string Format(JsonObject obj) => Serializer.Serialize(ToPlain(obj));

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => new SortedDictionary<string, object?>(map.ToDictionary(p => p.Key, p => ToPlain(p.Value)), StringComparer.Ordinal),
        JsonArray list => list.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var whole) ? whole : Convert.ToDouble(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => node.ToJsonString(),
    };
}
