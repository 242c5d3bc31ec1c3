using System.Text.Json.Nodes;
using Dm.Deployer.Planning;

namespace Dm.Deployer.Status;

/// <summary>What happened to one desired object in a round.</summary>
public abstract record ObjectOutcome
{
    private ObjectOutcome()
    {
    }

    /// <summary>Applied this round; <see cref="Live"/> is the object as the server stored it.</summary>
    public sealed record Applied(JsonObject Live, ApplyReason Reason, string Detail) : ObjectOutcome;

    /// <summary>Nothing to apply; <see cref="Live"/> is the object as listed.</summary>
    public sealed record Unchanged(JsonObject Live) : ObjectOutcome;

    /// <summary>A Job that completed at this content and was deleted since (its TTL): done, not created again.</summary>
    public sealed record Finished : ObjectOutcome;

    /// <summary>The server refused the object (422, 403, 404 namespace, ...); <see cref="Message"/> is the server's.</summary>
    public sealed record Failed(string Reason, string Message) : ObjectOutcome;

    /// <summary>The cluster did not answer (transport failure, 5xx after retries).</summary>
    public sealed record Unreachable(string Message) : ObjectOutcome;

    /// <summary>The live object an outcome carries (applied or listed), or null.</summary>
    public static JsonObject? LiveOf(ObjectOutcome? outcome) => outcome switch
    {
        Applied a => a.Live,
        Unchanged u => u.Live,
        _ => null,
    };
}
