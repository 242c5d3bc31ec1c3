using System.Text.Json;
using System.Text.Json.Serialization;
using Dm.Aggregator.Writes;
using Dm.Domain;
using Dm.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dm.Aggregator.Api;

/// <summary>
/// Reads a JSON request body with DM's conventions, refusing bodies over <see cref="MaxBytes"/>, malformed JSON and
/// unknown fields with a problem that names the field.
/// </summary>
public static class RequestBody
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, bool optional, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.Create(Reasons.PayloadTooLarge, $"The request body is {request.ContentLength} bytes; at most {MaxBytes} are allowed."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, Problems.Create(Reasons.PayloadTooLarge, $"The request body exceeds {MaxBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return optional ? (null, null) : (null, Problems.Invalid("The request body is empty; a JSON object is required."));
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Create(Reasons.UnsupportedMediaType, $"Content-Type '{type}' is not JSON; send application/json."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null ? (null, Problems.Invalid("The request body is null; a JSON object is required.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid(Describe(ex)));
        }
    }

    private static string Describe(JsonException ex)
    {
        var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path;
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"Unknown field '{field}' in the request body.";
        }

        return field is null
            ? $"The request body is not valid JSON for this endpoint: {FirstSentence(ex.Message)}"
            : $"Field '{field}' has the wrong type or is malformed: {FirstSentence(ex.Message)}";
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            MaxDepth = 16,
        };
        DmJson.Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
