using System.Text.Json.Nodes;

namespace Dm.Kubernetes;

/// <summary>
/// The API server's <c>Status</c> object for a failed request: HTTP code, machine reason (<c>NotFound</c>,
/// <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, <c>Gone</c>, ...), human message and the per-field causes.
/// </summary>
public sealed record ApiStatus(int Code, string Reason, string Message, IReadOnlyList<StatusCause> Causes, int? RetryAfterSeconds)
{
    /// <summary>
    /// Reads a <c>Status</c> from a response body. A body that is not a Status (a proxy's HTML page, empty) still yields
    /// one, built from the HTTP code and the first part of the text, so callers always get a code and a message.
    /// </summary>
    public static ApiStatus Parse(int httpCode, string? reasonPhrase, string? body)
    {
        JsonObject? json = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                json = JsonNode.Parse(body) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                json = null;
            }
        }

        return json is not null && (string?)json["kind"] is "Status"
            ? FromJson(json, httpCode)
            : new ApiStatus(httpCode, ReasonFor(httpCode, reasonPhrase), Truncate(body) is { Length: > 0 } text ? text : reasonPhrase ?? $"HTTP {httpCode}", [], null);
    }

    /// <summary>Reads a Status object (also the one inside a watch ERROR event).</summary>
    public static ApiStatus FromJson(JsonObject status, int fallbackCode = 0)
    {
        var code = status["code"] is JsonValue c && c.TryGetValue<int>(out var parsed) ? parsed : fallbackCode;
        var causes = new List<StatusCause>();
        int? retryAfter = null;
        if (status["details"] is JsonObject details)
        {
            if (details["causes"] is JsonArray array)
            {
                foreach (var cause in array.OfType<JsonObject>())
                {
                    causes.Add(new StatusCause((string?)cause["reason"], (string?)cause["message"], (string?)cause["field"]));
                }
            }

            if (details["retryAfterSeconds"] is JsonValue r && r.TryGetValue<int>(out var seconds))
            {
                retryAfter = seconds;
            }
        }

        return new ApiStatus(
            code,
            (string?)status["reason"] is { Length: > 0 } reason ? reason : ReasonFor(code, null),
            (string?)status["message"] ?? string.Empty,
            causes,
            retryAfter);
    }

    /// <summary>
    /// The causes as <c>field: message</c> joined by "; " (what a person needs to fix a manifest), or the message
    /// when there are no causes.
    /// </summary>
    public string Detail =>
        Causes.Count == 0
            ? Message
            : string.Join("; ", Causes.Select(c => string.IsNullOrEmpty(c.Field) ? c.Message ?? c.Reason ?? string.Empty : $"{c.Field}: {c.Message ?? c.Reason}"));

    private static string ReasonFor(int code, string? reasonPhrase) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Gone",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => reasonPhrase?.Replace(" ", string.Empty, StringComparison.Ordinal) ?? "Unknown",
    };

    private static string? Truncate(string? body)
    {
        var text = body?.Trim();
        return text is { Length: > 300 } ? text[..300] + "..." : text;
    }
}
