using Dm.Aggregator.History;
using Dm.Aggregator.Repo;
using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.AspNetCore.Http;

namespace Dm.Aggregator.Writes;

/// <summary>
/// Plans manual promotions (<c>POST /api/promotions</c>) and rollbacks (<c>POST /api/rollbacks</c>): copy a known
/// version file into the target environment; a rollback also locks the resource there in the same commit. Pure: the
/// version file (and a rollback's version) are read from git before the commit (<see cref="VersionLookup"/>).
/// </summary>
public static class PromotionPlanner
{
    /// <summary>
    /// Refuses when the environment or resource does not exist, or when the environment's <c>locks.yaml</c> cannot be
    /// read (it counts as locked, and no force gets past a lock DM cannot read); else null.
    /// </summary>
    public static WritePlan.Refuse? Locate(ResourceRepoModel model, string env, string resource, bool resourceMustExist)
    {
        var environment = model.FindEnvironment(env);
        if (environment is null)
        {
            return new WritePlan.Refuse(Reasons.EnvironmentNotFound, $"'env' \"{env}\" is not an environment of the resource repo.");
        }

        if (resourceMustExist ? environment.Find(resource) is null : !model.Environments.Any(e => e.Find(resource) is not null))
        {
            return new WritePlan.Refuse(Reasons.ResourceNotFound,
                resourceMustExist ? $"'resource' \"{resource}\" does not exist in environment \"{env}\"." : $"'resource' \"{resource}\" does not exist in any environment.");
        }

        if (environment.Locks.IsUnreadable)
        {
            return new WritePlan.Refuse(Reasons.LocksUnreadable,
                $"{LocksFile.PathOf(env)} cannot be read, so {env} counts as locked and nothing is committed into it until the file is fixed "
                + $"(PUT /api/locks/{env} rewrites it in a valid form): {environment.Locks.ProblemMessage}");
        }

        return null;
    }

    /// <summary>Promotes <paramref name="content"/>, the version file of the promotion's version (null when it is found nowhere).</summary>
    public static WritePlan Promote(ResourceRepoModel model, Promotion request, VersionContent? content, DateTimeOffset now)
    {
        var (env, resource, reason, force, by) = (request.Env, request.Resource, request.Reason, request.Force, request.By);
        if (Locate(model, env, resource, resourceMustExist: false) is { } refusal)
        {
            return refusal;
        }

        if (content is null)
        {
            return VersionNotFound(resource, request.Version);
        }

        var environment = model.FindEnvironment(env)!;
        var locks = RepoQueries.LocksOn(environment, resource, now);
        if (locks.Count > 0 && !force)
        {
            return new WritePlan.Refuse(Reasons.TargetLocked,
                $"Environment \"{env}\" is locked for {resource} ({string.Join("; ", locks.Select(l => l.Reason))}); send \"force\": true to promote anyway.");
        }

        var from = environment.Find(resource)?.Version;
        var path = RepoQueries.VersionFilePath(environment, resource) ?? $"{env}/version/{content.RelativePath}";
        var body = $"{resource}: {from ?? "-"} → {content.Version} (from {content.FoundIn})"
            + (force && locks.Count > 0 ? $"\nForced past the lock: {string.Join("; ", locks.Select(l => l.Reason))}" : string.Empty)
            + (reason is null ? string.Empty : "\n\n" + reason);
        var message = CommitMessageBuilder.Format(
            $"Promote {resource} {content.Version} to {env}",
            body,
            [
                (DmTrailers.Action, DmTrailers.ActionPromotion),
                (DmTrailers.Environment, env),
                (DmTrailers.Target, env),
                (DmTrailers.Move, DmTrailers.FormatMove(resource, from, content.Version)),
                (DmTrailers.By, by.Name),
            ]);
        return new WritePlan.Commit(message, [new FileChange.Put(path, content.Content)]);
    }

    /// <summary>Rolls back to the version in <paramref name="inputs"/> (with its file), refusing when there is none, it is the current one, or its file is found nowhere.</summary>
    public static WritePlan Rollback(ResourceRepoModel model, Rollback request, RollbackInputs inputs, DateTimeOffset now)
    {
        var (env, resource, reason, by) = (request.Env, request.Resource, request.Reason, request.By);
        if (Locate(model, env, resource, resourceMustExist: true) is { } refusal)
        {
            return refusal;
        }

        var environment = model.FindEnvironment(env)!;
        var from = environment.Find(resource)!.Version;
        if (inputs.Version is null)
        {
            return new WritePlan.Refuse(Reasons.NoPreviousVersion,
                $"The history has no version of \"{resource}\" in \"{env}\" before {from ?? "the current one"}; name one in 'version'.");
        }

        if (inputs.Version == from)
        {
            return new WritePlan.Refuse(Reasons.AlreadyAtVersion, $"'version': \"{resource}\" already runs {inputs.Version} in \"{env}\".");
        }

        if (inputs.Content is not { } content)
        {
            return VersionNotFound(resource, inputs.Version);
        }

        var path = RepoQueries.VersionFilePath(environment, resource) ?? $"{env}/version/{content.RelativePath}";
        var lockReason = new LockReason($"Rolled back from {from ?? "-"} to {content.Version}: {reason}", by.Name, now, null);
        var current = environment.Locks.ResourceLocks.GetValueOrDefault(resource) ?? [];
        var locks = LockPlanner.With(environment.Locks, resource, [.. current, lockReason]);
        var message = CommitMessageBuilder.Format(
            $"Roll back {resource} in {env} to {content.Version}",
            $"{resource}: {from ?? "-"} → {content.Version}, and {resource} is locked in {env}.\n\n{reason}",
            [
                (DmTrailers.Action, DmTrailers.ActionRollback),
                (DmTrailers.Environment, env),
                (DmTrailers.Target, env),
                (DmTrailers.Resource, resource),
                (DmTrailers.Move, DmTrailers.FormatMove(resource, from, content.Version)),
                (DmTrailers.By, by.Name),
            ]);
        return new WritePlan.Commit(message, [new FileChange.Put(path, content.Content), new FileChange.Put(LocksFile.PathOf(env), LocksFile.Write(locks))]);
    }

    /// <summary>
    /// The version <paramref name="resource"/> had in <paramref name="env"/> before <paramref name="current"/>, from
    /// its history events (newest first); null when they know none.
    /// </summary>
    public static string? PreviousVersion(IEnumerable<HistoryEvent> events, string env, string resource, string? current)
    {
        foreach (var e in events)
        {
            if (e.Environment != env)
            {
                continue;
            }

            foreach (var move in e.Moves.Where(m => m.Resource == resource))
            {
                if (move.To != current)
                {
                    return move.To;
                }

                if (move.From is not null && move.From != current)
                {
                    return move.From;
                }
            }
        }

        return null;
    }

    private static WritePlan.Refuse VersionNotFound(string resource, string version) =>
        new(Reasons.VersionNotFound, $"'version' \"{version}\" of resource \"{resource}\" is in no environment and in no commit of the history.");
}
