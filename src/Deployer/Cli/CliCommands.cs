using System.Text.Json;
using System.Text.Json.Nodes;
using Dm.Common;
using Dm.Common.Git;
using Dm.Common.Kubernetes;
using Dm.Common.ResourceRepo;
using Dm.Common.Status;
using Dm.Deployer.Planning;
using Dm.Deployer.Reconcile;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.Deployer.Cli;

/// <summary>The one-shot commands: <c>check</c>, <c>diff</c>, <c>deploy --once</c>.</summary>
public static class CliCommands
{
    /// <summary>Renders every environment; prints each repo error with file and reason; 1 when there is any.</summary>
    public static async Task<int> CheckAsync(DeployerOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var model = await ReadModelAsync(options, error, cancellationToken);
        if (model is null)
        {
            return 1;
        }

        output.WriteLine(Check(model));
        return model.Errors.Count == 0 ? 0 : 1;
    }

    /// <summary>The text <c>check</c> prints for a model. Pure.</summary>
    public static string Check(ResourceRepoModel model)
    {
        var lines = new List<string>();
        foreach (var problem in model.Errors)
        {
            lines.Add($"error: {problem.Message} [{problem.Reason}]");
        }

        var resources = model.Environments.Sum(e => e.Resources.Count);
        var broken = model.Environments.Sum(e => e.Resources.Count(r => r is BrokenResource));
        lines.Add($"{model.Environments.Count} environments, {resources} resources ({broken} broken), {model.Errors.Count} errors at {model.Revision}");
        return string.Join('\n', lines);
    }

    /// <summary>Dry-runs every environment against its cluster; prints a unified diff per changed object; 2 when anything differs.</summary>
    public static async Task<int> DiffAsync(DeployerOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var model = await ReadModelAsync(options, error, cancellationToken);
        if (model is null)
        {
            return 1;
        }

        using var connections = new ClusterConnections(options, TimeProvider.System, NullLoggerFactory.Instance);
        var targets = RepoTargets.From(model, null);
        var differs = false;
        var failed = false;
        foreach (var target in targets.Targets)
        {
            try
            {
                var client = connections.For(target);
                var text = await DiffAsync(client, model.FindEnvironment(target.Environment)!, target, options.FieldManager, cancellationToken);
                if (text.Length > 0)
                {
                    differs = true;
                    output.Write(text);
                }
            }
            catch (Exception ex) when (ex is KubernetesApiException or KubernetesTransportException or KubeConfigException or ClusterCredentialException)
            {
                failed = true;
                error.WriteLine($"{target.Environment}: {ex.Message}");
            }
        }

        foreach (var (environment, problem) in targets.InvalidTargets)
        {
            failed = true;
            error.WriteLine($"{environment}: {problem}");
        }

        return failed ? 1 : differs ? 2 : 0;
    }

    /// <summary>The diff of one environment: what applying it would change, object by object (Secret values never shown).</summary>
    public static async Task<string> DiffAsync(IClusterClient client, RepoEnvironment environment, DeployerTarget target, string fieldManager, CancellationToken cancellationToken)
    {
        var (desired, live, plan) = await EnvironmentReconciler.PlanAsync(client, environment, target, cancellationToken);
        var output = new System.Text.StringBuilder();
        foreach (var action in plan.Applies)
        {
            var key = action.Desired.Key;
            var merged = await client.ApplyAsync(action.Desired.Manifest, new ApplyOptions(fieldManager, Force: true, DryRun: true), cancellationToken);
            var before = live.GetValueOrDefault(key);
            output.Append(ObjectDiff(key, before, merged));
        }

        foreach (var prune in plan.Prunes)
        {
            output.Append($"# {prune.Entry.Key} left the repo and would be deleted (prune)\n");
        }

        foreach (var broken in desired.Broken)
        {
            output.Append($"# {environment.Name}/{broken.Name} does not render and is left alone: {string.Join("; ", broken.Errors.Select(e => e.Message))}\n");
        }

        return output.ToString();
    }

    /// <summary>The unified diff of one object between its live and its would-be state. Pure.</summary>
    public static string ObjectDiff(ResourceKey key, JsonObject? before, JsonObject after)
    {
        var name = key.ToString();
        var left = before is null ? null : Normalize(before);
        var right = Normalize(after);
        if (key is { Group: "", Kind: "Secret" })
        {
            var changed = SecretKeys(left, right);
            return changed.Count == 0 && left is not null ? string.Empty : $"# {name}: Secret data changed (values hidden): {string.Join(", ", changed)}\n";
        }

        var oldLines = left is null ? [] : Lines(left);
        return UnifiedDiff.Format(before is null ? "/dev/null" : "live/" + name, "merged/" + name, oldLines, Lines(right));
    }

    /// <summary>One round of every environment; prints each environment's state; 0 when all are Clean or Progressing.</summary>
    public static async Task<int> DeployOnceAsync(DeployerOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var model = await ReadModelAsync(options, error, cancellationToken);
        if (model is null)
        {
            return 1;
        }

        using var connections = new ClusterConnections(options, TimeProvider.System, NullLoggerFactory.Instance);
        var reconciler = new EnvironmentReconciler(connections, options, TimeProvider.System, NullLogger<EnvironmentReconciler>.Instance);
        var targets = RepoTargets.From(model, null);
        var rounds = await Task.WhenAll(targets.Targets.Select(t =>
            reconciler.ReconcileAsync(model.Revision, model.FindEnvironment(t.Environment)!, t, null, null, cancellationToken)));
        var ok = targets.InvalidTargets.Count == 0;
        foreach (var (target, round) in targets.Targets.Zip(rounds))
        {
            var status = round.Status;
            ok &= status.State is EnvironmentState.Clean or EnvironmentState.Progressing;
            output.WriteLine($"{target.Environment}: {status.State}{(status.Reason is null ? string.Empty : $" ({status.Reason})")}{(status.Message is null ? string.Empty : $": {status.Message}")}");
        }

        foreach (var (environment, problem) in targets.InvalidTargets)
        {
            output.WriteLine($"{environment}: {EnvironmentState.Unknown} ({StatusReasons.TargetInvalid}): {problem}");
        }

        return ok ? 0 : 1;
    }

    private static async Task<ResourceRepoModel?> ReadModelAsync(DeployerOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(options.RepoUrl, options.CheckoutPath) { Branch = options.Branch }, cancellationToken);
            var head = await repo.FetchAsync(cancellationToken);
            return new ResourceRepoReader().Read(await repo.ReadSnapshotAsync(head, cancellationToken));
        }
        catch (Exception ex) when (ex is GitCommandException or IOException or InvalidOperationException)
        {
            error.WriteLine($"{StatusReasons.FetchFailed}: {ex.Message}");
            return null;
        }
    }

    private static JsonObject Normalize(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in new[] { "managedFields", "resourceVersion", "generation", "uid", "creationTimestamp" })
            {
                metadata.Remove(field);
            }
        }

        return copy;
    }

    private static List<string> Lines(JsonObject obj) => [.. ManifestYaml.Format(obj).TrimEnd('\n').Split('\n')];

    private static List<string> SecretKeys(JsonObject? before, JsonObject after)
    {
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var field in new[] { "data", "stringData" })
        {
            var left = before?[field] as JsonObject;
            var right = after[field] as JsonObject;
            foreach (var name in (left?.Select(p => p.Key) ?? []).Union(right?.Select(p => p.Key) ?? []))
            {
                if (!JsonNode.DeepEquals(left?[name], right?[name]))
                {
                    changed.Add(name);
                }
            }
        }

        return [.. changed];
    }
}
