using Dm.Aggregator.Api;
using Dm.Git;
using Dm.ResourceRepo;
using Microsoft.AspNetCore.Http;

namespace Dm.Aggregator.Writes;

/// <summary>Plans <c>POST /api/versions</c>: write the resource's version file in the CI environment.</summary>
public static class VersionPlanner
{
    /// <summary>Checks the request alone (no repo needed); null when it is well-formed.</summary>
    public static string? Validate(VersionRequest request) =>
        RequestValidation.Resource("resource", request.Resource)
        ?? RequestValidation.Version("version", request.Version)
        ?? (request.Env is null ? null : RequestValidation.Environment("env", request.Env))
        ?? RequestValidation.Fields("fields", request.Fields)
        ?? RequestValidation.Text("changelog", request.Changelog, RequestValidation.MaxChangelogLength, required: false);

    public static WritePlan Plan(ResourceRepoModel model, VersionRequest request, IReadOnlyCollection<string> ciEnvironments)
    {
        var env = request.Env ?? RepoQueries.DefaultVersionEnvironment(model);
        if (env is null)
        {
            return new WritePlan.Refuse(StatusCodes.Status400BadRequest, "InvalidRequest",
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
            return new WritePlan.Refuse(
                environment is null ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden,
                environment is null ? "EnvironmentNotFound" : "EnvironmentNotAllowed",
                environment is null
                    ? $"'env' \"{env}\" is not an environment of the resource repo, and versions may only be posted to: {list}."
                    : ciEnvironments.Count > 0
                        ? $"'env' \"{env}\" is not one of the environments CI may write to: {list}."
                        : $"'env' \"{env}\" does not accept new versions (it is a transition target); versions may be posted to: {list}.");
        }

        var resource = request.Resource!;
        var version = request.Version!;
        var path = RepoQueries.VersionFilePath(environment, resource) ?? $"{env}/version/{resource}.yaml";
        var content = VersionFile.Write(version, request.Fields ?? new Dictionary<string, string>());
        var message = CommitMessageBuilder.Format(
            $"New version {resource} {version}",
            request.Changelog,
            [
                (DmTrailers.Action, DmTrailers.ActionNewVersion),
                (DmTrailers.Resource, resource),
                (DmTrailers.Version, version),
                (DmTrailers.Environment, env),
            ]);
        return new WritePlan.Commit(message, [new FileChange.Put(path, content)]);
    }
}
