using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dm.Status;

/// <summary>The JSON shape of every DM HTTP API: camelCase names, enums as strings, nulls omitted.</summary>
public static class DmJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies DM's JSON conventions to an options instance (e.g. ASP.NET Core's <c>JsonOptions.SerializerOptions</c>).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
