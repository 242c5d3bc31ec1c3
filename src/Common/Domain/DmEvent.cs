using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dm.Domain;

/// <summary>
/// Something DM did or saw, as notifications carry it. <see cref="Id"/> is stable for the same happening (the
/// idempotency key receivers get with every delivery); <see cref="Message"/> is one human sentence.
/// </summary>
/// <param name="Id">Idempotency key: the same for every delivery (and every re-derivation) of this event.</param>
/// <param name="Type">One of <see cref="DmEventTypes"/>.</param>
/// <param name="Time">When it happened (the commit's time, or when DM saw the rollout change).</param>
/// <param name="Message">One human sentence: <c>web 1.4.2 → 1.4.3 was promoted to prod by transition to-prod</c>.</param>
/// <param name="Environment">The environment it concerns (the target of a promotion), or null.</param>
/// <param name="Resource">The resource, or null for an environment lock or a whole approval.</param>
/// <param name="FromVersion">The version before, or null.</param>
/// <param name="ToVersion">The version after (or concerned), or null.</param>
/// <param name="Revision">The resource repo commit it belongs to, or null.</param>
/// <param name="Source">The source environment of a promotion, or null.</param>
/// <param name="Transition">The transition, for transition promotions and approvals.</param>
/// <param name="By">Who did it (token or author name), or null.</param>
/// <param name="Reason">The reason given (lock, rollback) or the deployer's reason code (rollouts).</param>
/// <param name="Details">More text: the changelog of a version or promotion, a lock's reason, the deployer's message.</param>
public sealed record DmEvent(
    string Id,
    string Type,
    DateTimeOffset Time,
    string Message,
    string? Environment = null,
    string? Resource = null,
    string? FromVersion = null,
    string? ToVersion = null,
    string? Revision = null,
    string? Source = null,
    string? Transition = null,
    string? By = null,
    string? Reason = null,
    string? Details = null)
{
    /// <summary>When a lock expires (Locked events), or null.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The service's own repository from the version file's <c>repo</c> field (commit statuses), or null.</summary>
    public string? SourceRepo { get; init; }

    /// <summary>The service's own commit from the version file's <c>commit</c> field (commit statuses), or null.</summary>
    public string? SourceCommit { get; init; }

    /// <summary>A stable idempotency key from the parts that identify an event: 32 hex characters of SHA-256.</summary>
    public static string IdOf(params string?[] parts)
    {
        var text = string.Join("\u001f", parts.Select(p => p ?? string.Empty));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary><paramref name="from"/> → <paramref name="to"/>, with <c>(new)</c> for a first version.</summary>
    public static string Move(string? from, string? to) => string.Create(CultureInfo.InvariantCulture, $"{from ?? "(new)"} → {to ?? "(none)"}");
}
