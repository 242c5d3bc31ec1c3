using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.AspNetCore.Http;

namespace Dm.Aggregator.Writes;

/// <summary>Plans <c>PUT|DELETE /api/locks/{env}[/{resource}]</c>: add a reason to, or clear, a lock in <c>&lt;env&gt;/locks.yaml</c>.</summary>
public static class LockPlanner
{
    public static WritePlan Lock(ResourceRepoModel model, string env, string? resource, LockReason reason)
    {
        if (Find(model, env, resource) is { } refusal)
        {
            return refusal;
        }

        var locks = model.FindEnvironment(env)!.Locks;
        var current = resource is null ? locks.EnvironmentLock : locks.ResourceLocks.GetValueOrDefault(resource) ?? [];

        // The same person giving the same reason again renews it rather than stacking copies. A locks.yaml that cannot
        // be read is rewritten in a valid form with every reason that could be read; the message says what could not.
        var reasons = current.Where(r => !(r.Reason == reason.Reason && r.By == reason.By)).Append(reason).ToList();
        return Write(env, resource, With(locks, resource, reasons), DmTrailers.ActionLock, reason.By,
            $"Lock {Subject(env, resource)}", Join(reason.Reason, Rewritten(env, locks)));
    }

    /// <summary>
    /// Clears a lock. When <c>locks.yaml</c> cannot be read, unlocking is refused unless <paramref name="force"/>: what it
    /// would clear (or keep) is not known, and the environment stays locked for promotions until the file is fixed.
    /// </summary>
    public static WritePlan Unlock(ResourceRepoModel model, string env, string? resource, string? by, string? why, bool force = false)
    {
        if (Find(model, env, resource) is { } refusal)
        {
            return refusal;
        }

        var locks = model.FindEnvironment(env)!.Locks;
        if (locks.IsUnreadable && !force)
        {
            return new WritePlan.Refuse(Reasons.LocksUnreadable,
                $"{LocksFile.PathOf(env)} cannot be read, so {env} counts as locked: {locks.ProblemMessage}. Fix the file, "
                + "or send \"force\": true to rewrite it without this lock (keeping every reason that could be read).");
        }

        return Write(env, resource, With(locks, resource, []), DmTrailers.ActionUnlock, by, $"Unlock {Subject(env, resource)}", Join(why, Rewritten(env, locks)));
    }

    /// <summary>The locks with one lock's reasons replaced (empty removes it).</summary>
    public static EnvironmentLocks With(EnvironmentLocks locks, string? resource, IReadOnlyList<LockReason> reasons)
    {
        if (resource is null)
        {
            return locks with { EnvironmentLock = reasons };
        }

        var resourceLocks = new Dictionary<string, IReadOnlyList<LockReason>>(locks.ResourceLocks, StringComparer.Ordinal);
        if (reasons.Count == 0)
        {
            resourceLocks.Remove(resource);
        }
        else
        {
            resourceLocks[resource] = reasons;
        }

        return locks with { ResourceLocks = resourceLocks };
    }

    private static WritePlan.Refuse? Find(ResourceRepoModel model, string env, string? resource)
    {
        var environment = model.FindEnvironment(env);
        if (environment is null)
        {
            return new WritePlan.Refuse(Reasons.EnvironmentNotFound, $"Environment \"{env}\" does not exist in the resource repo.");
        }

        if (resource is not null && environment.Find(resource) is null && !environment.Locks.ResourceLocks.ContainsKey(resource))
        {
            return new WritePlan.Refuse(Reasons.ResourceNotFound, $"Resource \"{resource}\" does not exist in environment \"{env}\".");
        }

        return null;
    }

    /// <summary>The note a commit that rewrites an unreadable locks.yaml carries, or null.</summary>
    private static string? Rewritten(string env, EnvironmentLocks locks) => locks.IsUnreadable
        ? $"{LocksFile.PathOf(env)} could not be read in full and is rewritten with every reason that could be read. Left out: {locks.ProblemMessage}"
        : null;

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : $"{first}\n\n{second}";

    private static string Subject(string env, string? resource) => resource is null ? $"environment {env}" : $"{resource} in {env}";

    private static WritePlan Write(string env, string? resource, EnvironmentLocks locks, string action, string? by, string subject, string? body)
    {
        var trailers = new List<(string, string)> { (DmTrailers.Action, action), (DmTrailers.Environment, env) };
        if (resource is not null)
        {
            trailers.Add((DmTrailers.Resource, resource));
        }

        if (by is not null)
        {
            trailers.Add((DmTrailers.By, by));
        }

        return new WritePlan.Commit(
            CommitMessageBuilder.Format(subject, body, trailers),
            [new FileChange.Put(LocksFile.PathOf(env), LocksFile.Write(locks))]);
    }
}
