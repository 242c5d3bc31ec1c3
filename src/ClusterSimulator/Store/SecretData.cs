using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Store;

/// <summary>
/// A Secret as the real API server stores it: <c>stringData</c> is write-only, merged into <c>data</c> as the base64 of
/// its UTF-8 bytes (winning over a <c>data</c> entry of the same key) and never stored or returned; <c>data</c> values
/// come back in the canonical base64 of the bytes they encode (line breaks dropped). A value that is
/// no base64 is kept as sent (the real server answers 400 for it; the simulator is lenient here).
/// </summary>
internal static class SecretData
{
    /// <summary>Rewrites <paramref name="obj"/> in place when it is a core v1 Secret; anything else is left alone.</summary>
    public static void Normalize(ApiResourceType type, JsonObject obj)
    {
        if (type.Kind != "Secret" || type.Group.Length != 0)
        {
            return;
        }

        var data = obj["data"] as JsonObject;
        if (data is not null)
        {
            foreach (var key in data.Select(p => p.Key).ToList())
            {
                if (data[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String && Canonical(value.GetValue<string>()) is { } canonical)
                {
                    data[key] = canonical;
                }
            }
        }

        if (obj["stringData"] is JsonObject stringData)
        {
            foreach (var (key, value) in stringData)
            {
                if (value is null)
                {
                    continue;
                }

                var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                if (data is null)
                {
                    data = [];
                    obj["data"] = data;
                }

                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            }
        }

        obj.Remove("stringData");
    }

    private static string? Canonical(string base64)
    {
        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(base64, bytes, out var length) ? Convert.ToBase64String(bytes, 0, length) : null;
    }
}
