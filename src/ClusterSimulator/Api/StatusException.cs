using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Api;

/// <summary>A failure the API answers with a <c>Status</c> object, with the reason and message a real API server uses.</summary>
internal sealed class StatusException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public int? RetryAfterSeconds { get; init; }

    public JsonObject ToStatus() => StatusObjects.Failure(Code, Reason, Message, Details?.DeepClone().AsObject());
}
