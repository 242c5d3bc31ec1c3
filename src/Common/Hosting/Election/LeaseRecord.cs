using System.Globalization;
using System.Text.Json.Nodes;

namespace Dm.Hosting.Election;

/// <summary>
/// The spec of a <c>coordination.k8s.io/v1</c> Lease as read from the cluster, with the object's
/// <c>metadata.resourceVersion</c> (the precondition of the next write). An empty <see cref="HolderIdentity"/> is a
/// released lease.
/// </summary>
public sealed record LeaseRecord(
    string? HolderIdentity,
    int LeaseDurationSeconds,
    DateTimeOffset? AcquireTime,
    DateTimeOffset? RenewTime,
    int LeaseTransitions,
    string? ResourceVersion)
{
    public const string ApiVersion = "coordination.k8s.io/v1";

    /// <summary>Kubernetes' MicroTime: RFC 3339 with microseconds, UTC.</summary>
    public static string FormatMicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public bool IsReleased => string.IsNullOrEmpty(HolderIdentity);

    /// <summary>Reads a Lease object; missing fields take Kubernetes' zero values.</summary>
    public static LeaseRecord FromObject(JsonObject lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var spec = lease["spec"] as JsonObject;
        return new LeaseRecord(
            (string?)spec?["holderIdentity"],
            spec?["leaseDurationSeconds"] is JsonValue d && d.TryGetValue<int>(out var duration) ? duration : 0,
            Time(spec?["acquireTime"]),
            Time(spec?["renewTime"]),
            spec?["leaseTransitions"] is JsonValue t && t.TryGetValue<int>(out var transitions) ? transitions : 0,
            (string?)lease["metadata"]?["resourceVersion"]);
    }

    /// <summary>
    /// The manifest that writes this record by server-side apply. With a resourceVersion the API server applies it only
    /// when the stored Lease still has that version (409 Conflict otherwise). A released record carries no holder nor
    /// times, so applying it removes the fields the releasing holder owned.
    /// </summary>
    public JsonObject ToManifest(string ns, string name)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (ResourceVersion is not null)
        {
            metadata["resourceVersion"] = ResourceVersion;
        }

        var spec = new JsonObject();
        if (!IsReleased)
        {
            spec["holderIdentity"] = HolderIdentity;
        }

        spec["leaseDurationSeconds"] = LeaseDurationSeconds;
        if (AcquireTime is { } acquired)
        {
            spec["acquireTime"] = FormatMicroTime(acquired);
        }

        if (RenewTime is { } renewed)
        {
            spec["renewTime"] = FormatMicroTime(renewed);
        }

        spec["leaseTransitions"] = LeaseTransitions;
        return new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = "Lease", ["metadata"] = metadata, ["spec"] = spec };
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
