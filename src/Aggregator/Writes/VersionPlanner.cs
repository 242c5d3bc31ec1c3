using Dm.Aggregator.Api;
using Dm.Aggregator.Repo;
using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;
using Microsoft.AspNetCore.Http;

namespace Dm.Aggregator.Writes;

/// <summary>Plans <c>POST /api/versions</c>: write the resource's version file in the CI environment.</summary>
public static class VersionPlanner
{
    public static WritePlan Plan(ResourceRepoModel model, NewVersion request, IReadOnlyCollection<string> ciEnvironments)
    {
        var env = request.Env ?? RepoQueries.DefaultVersionEnvironment(model);
        if (env is null)
        {
            return new WritePlan.Refuse(Reasons.InvalidRequest,
                "'env' is required: the repo has no transitions to take the first source environment from.");
        }

        var environment = model.FindEnvironment(env);
        var allowed = ciEnvironments.Count > 0
            ? ciEnvironments.Contains(env)
            : environment is not null && !model.Transitions.Any(t => t.Target == env);
        if (!allowed)
        {
            var list = ciEnvironments.Count > 0
                ? string.Join(", ", ciEnvironments)
                : string.Join(", ", model.Environments.Select(e => e.Name).Where(n => !model.Transitions.Any(t => t.Target == n)));
            return environment is null
                ? new WritePlan.Refuse(Reasons.EnvironmentNotFound,
                    $"'env' \"{env}\" is not an environment of the resource repo, and versions may only be posted to: {list}.")
                : new WritePlan.Refuse(Reasons.EnvironmentNotAllowed,
                    ciEnvironments.Count > 0
                        ? $"'env' \"{env}\" is not one of the environments CI may write to: {list}."
                        : $"'env' \"{env}\" does not accept new versions (it is a transition target); versions may be posted to: {list}.");
        }

        var path = RepoQueries.VersionFilePath(environment, request.Resource) ?? $"{env}/version/{request.Resource}.yaml";
        var content = VersionFile.Write(request.Version, request.Fields ?? new Dictionary<string, string>());
        var message = CommitMessageBuilder.Format(
            $"New version {request.Resource} {request.Version}",
            request.Changelog,
            [
                (DmTrailers.Action, DmTrailers.ActionNewVersion),
                (DmTrailers.Resource, request.Resource),
                (DmTrailers.Version, request.Version),
                (DmTrailers.Environment, env),
            ]);
        return new WritePlan.Commit(message, [new FileChange.Put(path, content)]);
    }
}
