using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.AspNetCore.Http;

namespace Dm.Aggregator.Writes;

/// <summary>
/// Plans manual promotions (<c>POST /api/promotions</c>) and rollbacks (<c>POST /api/rollbacks</c>): copy a known
/// version file into the target environment; a rollback also locks the resource there in the same commit.
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
            return new WritePlan.Refuse(StatusCodes.Status404NotFound, "EnvironmentNotFound", $"'env' \"{env}\" is not an environment of the resource repo.");
        }

        if (resourceMustExist ? environment.Find(resource) is null : !model.Environments.Any(e => e.Find(resource) is not null))
        {
            return new WritePlan.Refuse(StatusCodes.Status404NotFound, "ResourceNotFound",
                resourceMustExist ? $"'resource' \"{resource}\" does not exist in environment \"{env}\"." : $"'resource' \"{resource}\" does not exist in any environment.");
        }

        if (environment.Locks.IsUnreadable)
        {
            return new WritePlan.Refuse(StatusCodes.Status409Conflict, StatusReasons.LocksUnreadable,
                $"{LocksFile.PathOf(env)} cannot be read, so {env} counts as locked and nothing is committed into it until the file is fixed "
                + $"(PUT /api/locks/{env} rewrites it in a valid form): {environment.Locks.ProblemMessage}");
        }

        return null;
    }

    public static WritePlan Promote(
        ResourceRepoModel model, string env, string resource, VersionContent content, string? reason, bool force, Caller by, DateTimeOffset now)
    {
        if (Locate(model, env, resource, resourceMustExist: false) is { } refusal)
        {
            return refusal;
        }

        var environment = model.FindEnvironment(env)!;
        var locks = RepoQueries.LocksOn(environment, resource, now);
        if (locks.Count > 0 && !force)
        {
            return new WritePlan.Refuse(StatusCodes.Status409Conflict, "TargetLocked",
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

    public static WritePlan Rollback(
        ResourceRepoModel model, string env, string resource, VersionContent content, string reason, Caller by, DateTimeOffset now)
    {
        if (Locate(model, env, resource, resourceMustExist: true) is { } refusal)
        {
            return refusal;
        }

        var environment = model.FindEnvironment(env)!;
        var from = environment.Find(resource)!.Version;
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
}
