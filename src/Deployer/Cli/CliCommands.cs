using System.Text;
using System.Text.Json.Nodes;
using Dm.Deployer.Planning;
using Dm.Deployer.Reconcile;
using Dm.Domain;
using Dm.Git;
using Dm.Kubernetes;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.Deployer.Cli;

/// <summary>The one-shot commands: <c>check</c>, <c>diff</c>, <c>deploy --once</c>.</summary>
public static class CliCommands
{
    private const string DeployersFile = "deployers.yaml";

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

    /// <summary>
    /// Dry-runs every environment against its cluster; prints a unified diff per changed object to
    /// <paramref name="output"/> and every error (a refused object, an unreachable cluster, a broken resource, a
    /// deployers.yaml problem) to <paramref name="error"/>. 0 no differences, 2 differences, 1 any error (even with differences).
    /// </summary>
    public static async Task<int> DiffAsync(DeployerOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var model = await ReadModelAsync(options, error, cancellationToken);
        if (model is null)
        {
            return 1;
        }

        using var connections = new ClusterConnections(options, TimeProvider.System, NullLoggerFactory.Instance);
        var reconciler = new EnvironmentReconciler(connections, options, TimeProvider.System, NullLogger<EnvironmentReconciler>.Instance);
        var targets = RepoTargets.From(model, null);
        var failed = ReportDeployersProblems(model, targets, error);
        var differs = false;
        foreach (var target in targets.Targets)
        {
            try
            {
                var diff = await DiffAsync(reconciler, connections.CacheFor(target), model.FindEnvironment(target.Environment)!, target, options.FieldManager, cancellationToken);
                output.Write(diff.Text);
                differs |= diff.Differs;
                failed |= diff.Errors.Count > 0;
                foreach (var problem in diff.Errors)
                {
                    error.WriteLine($"error: {target.Environment}: {problem}");
                }
            }
            catch (Exception ex) when (ex is KubernetesApiException or KubernetesTransportException or HttpRequestException or KubeConfigException or ClusterCredentialException
                or UnknownResourceTypeException or IOException)
            {
                failed = true;
                error.WriteLine($"error: {target.Environment}: {ex.Message}");
            }
        }

        foreach (var (environment, problem) in targets.InvalidTargets)
        {
            failed = true;
            error.WriteLine($"error: {environment}: {problem}");
        }

        return failed ? 1 : differs ? 2 : 0;
    }

    /// <summary>
    /// The diff of one environment: what applying it would change, object by object (Secret values never shown), from
    /// the plan a round would make (<see cref="EnvironmentReconciler.PlanAsync"/>). An object the server refuses is an
    /// error of its own and the others are still compared; an unreachable cluster ends the comparison of this
    /// environment. Throws only when the environment cannot be planned (inventory or live objects unreadable).
    /// </summary>
    public static async Task<EnvironmentDiff> DiffAsync(
        EnvironmentReconciler reconciler, ClusterObjectCache cache, RepoEnvironment environment, DeployerTarget target, string fieldManager, CancellationToken cancellationToken)
    {
        var client = cache.Client;
        var ((desired, _, live), plan) = await reconciler.PlanAsync(cache, environment, target, cancellationToken);
        var output = new StringBuilder();
        var errors = new List<string>();
        var applies = plan.Applies.ToList();
        var definitions = applies.Select(a => a.Desired).Where(d => d.Key is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" }).ToList();
        var createdNamespaces = await CreatedNamespacesAsync(client, target, applies.Select(a => a.Desired.Key), output, cancellationToken);
        for (var i = 0; i < applies.Count; i++)
        {
            var key = applies[i].Desired.Key;
            try
            {
                var merged = await client.ApplyAsync(applies[i].Desired.Manifest, new ApplyOptions(fieldManager, Force: true, DryRun: true), cancellationToken);
                var diff = ObjectDiff(key, live.GetValueOrDefault(key), merged);
                if (applies[i].Reason == ApplyReason.Drifted && diff.Length > 0)
                {
                    // The detail quotes live and applied values: never for a Secret.
                    output.Append($"# {key}: drifted ({(IsSecret(key) ? "a field DM applied was changed" : applies[i].Detail)}); DM would apply it again:\n");
                }

                output.Append(diff);
            }
            catch (UnknownResourceTypeException) when (DefinitionOf(applies[i].Desired.Manifest, definitions) is { } definition)
            {
                output.Append($"# {key}: not dry-run: its kind comes with {definition}, which is applied first; the manifest as DM would apply it:\n");
                output.Append(ObjectDiff(key, null, applies[i].Desired.Manifest));
            }
            catch (KubernetesApiException ex) when (ex.IsNotFound && key.Namespace.Length > 0 && createdNamespaces.Contains(key.Namespace))
            {
                output.Append($"# {key}: not dry-run: its namespace {key.Namespace} is created first; the manifest as DM would apply it:\n");
                output.Append(ObjectDiff(key, null, applies[i].Desired.Manifest));
            }
            catch (KubernetesApiException ex) when (EnvironmentReconciler.IsImmutableJob(key, ex))
            {
                output.Append($"# {key}: its pod template is immutable: DM deletes the finished Job it created and creates it again (a running one is left to finish first); the Job as DM would create it:\n");
                output.Append(ObjectDiff(key, null, applies[i].Desired.Manifest));
            }
            catch (Exception ex) when (IsUnavailable(ex))
            {
                errors.Add(Describe(key, ex));
                var rest = applies.Count - i - 1;
                if (rest > 0)
                {
                    errors.Add($"the cluster is unavailable: {rest} more object(s) to apply were not compared");
                }

                break;
            }
            catch (Exception ex) when (ex is KubernetesApiException or UnknownResourceTypeException)
            {
                errors.Add(Describe(key, ex));
            }
        }

        foreach (var prune in plan.Prunes)
        {
            output.Append($"# {prune.Entry.Key} left the repo and would be deleted (prune)\n");
        }

        foreach (var broken in desired.Broken)
        {
            errors.Add($"{environment.Name}/{broken.Name} does not render and is left alone: {string.Join("; ", broken.Errors.Select(e => e.Message))}");
        }

        return new EnvironmentDiff(output.ToString(), errors);
    }

    /// <summary>
    /// The unified diff of one object between its live and its would-be state. A Secret's values are masked
    /// (<see cref="SecretMask"/>) and a comment names its changed keys. Pure.
    /// </summary>
    public static string ObjectDiff(ResourceKey key, JsonObject? before, JsonObject after)
    {
        var name = key.ToString();
        var left = before is null ? null : Normalize(before);
        var right = Normalize(after);
        var header = string.Empty;
        if (IsSecret(key))
        {
            (left, right, var changed) = SecretMask.Mask(left, right);
            header = changed.Count == 0 ? string.Empty : $"# {name}: Secret data changed (values hidden): {string.Join(", ", changed)}\n";
        }

        var oldLines = left is null ? [] : Lines(left);
        var diff = UnifiedDiff.Format(before is null ? "/dev/null" : "live/" + name, "merged/" + name, oldLines, Lines(right));
        return diff.Length == 0 ? string.Empty : header + diff;
    }

    /// <summary>
    /// One round of every environment; prints each environment's state; 0 when all are Clean or Progressing, 1 otherwise
    /// or when deployers.yaml has a problem (printed to <paramref name="error"/>; the environments it still names validly
    /// are deployed, as the daemon does).
    /// </summary>
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
        var ok = !ReportDeployersProblems(model, targets, error) && targets.InvalidTargets.Count == 0;
        var rounds = await Task.WhenAll(targets.Targets.Select(t =>
            reconciler.ReconcileAsync(model.Revision, model.FindEnvironment(t.Environment)!, t, null, null, cancellationToken)));
        foreach (var (target, round) in targets.Targets.Zip(rounds))
        {
            var status = round.Status;
            ok &= status.State is EnvironmentState.Clean or EnvironmentState.Progressing;
            output.WriteLine($"{target.Environment}: {status.State}{(status.Reason is null ? string.Empty : $" ({status.Reason})")}{(status.Message is null ? string.Empty : $": {status.Message}")}");
        }

        foreach (var (environment, problem) in targets.InvalidTargets)
        {
            output.WriteLine($"{environment}: {EnvironmentState.Unknown} ({Reasons.TargetInvalid}): {problem}");
        }

        return ok ? 0 : 1;
    }

    /// <summary>
    /// Prints the problems of deployers.yaml as a whole (unreadable YAML, unknown keys: <c>error: &lt;file&gt;:&lt;line&gt;:&lt;col&gt;:
    /// &lt;message&gt; [&lt;Reason&gt;]</c>, as <c>check</c> does); true when there is any. Problems of one entry are the
    /// caller's (<see cref="RepoTargets.InvalidTargets"/>). Notes when no environment is named at all.
    /// </summary>
    private static bool ReportDeployersProblems(ResourceRepoModel model, RepoTargets targets, TextWriter error)
    {
        if (targets.FileProblem is null)
        {
            if (targets.Targets.Count == 0 && targets.InvalidTargets.Count == 0)
            {
                error.WriteLine($"note: {DeployersFile} names no environment at {model.Revision}: nothing to do");
            }

            return false;
        }

        var problems = model.Errors.Where(e => e.File == DeployersFile && (e.KeyPath is null || !e.KeyPath.StartsWith("deployers.", StringComparison.Ordinal))).ToList();
        foreach (var problem in problems)
        {
            error.WriteLine($"error: {problem.Message} [{problem.Reason}]");
        }

        if (problems.Count == 0)
        {
            error.WriteLine($"error: {DeployersFile}: {targets.FileProblem}");
        }

        return true;
    }

    /// <summary>The namespaces this round creates: Namespaces among the applies, and the target's own with <c>createNamespace</c> when it is missing (noted in <paramref name="output"/>).</summary>
    private static async Task<HashSet<string>> CreatedNamespacesAsync(
        IClusterClient client, DeployerTarget target, IEnumerable<ResourceKey> applies, StringBuilder output, CancellationToken cancellationToken)
    {
        var created = applies.Where(k => k is { Group: "", Kind: "Namespace" }).Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        if (!target.CreateNamespace || created.Contains(target.Namespace))
        {
            return created;
        }

        try
        {
            if (await client.GetAsync(new ResourceKey(string.Empty, "Namespace", string.Empty, target.Namespace), cancellationToken) is null)
            {
                created.Add(target.Namespace);
                output.Append($"# Namespace {target.Namespace} does not exist and would be created (createNamespace)\n");
            }
        }
        catch (KubernetesApiException ex) when (ex.Code is >= 400 and < 500 and not 429)
        {
            // Namespaces cannot be read (RBAC): the deployer would not know either; objects are dry-run as they are.
        }

        return created;
    }

    /// <summary>The CustomResourceDefinition among <paramref name="definitions"/> that serves the manifest's kind and version, or null.</summary>
    private static ResourceKey? DefinitionOf(JsonObject manifest, IReadOnlyList<DesiredObject> definitions)
    {
        var apiVersion = (string?)manifest["apiVersion"] ?? string.Empty;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var kind = (string?)manifest["kind"];
        foreach (var definition in definitions)
        {
            var spec = definition.Manifest["spec"];
            if ((string?)spec?["group"] == group && (string?)spec?["names"]?["kind"] == kind
                && spec?["versions"] is JsonArray versions && versions.Any(v => v is JsonObject o && (string?)o["name"] == version))
            {
                return definition.Key;
            }
        }

        return null;
    }

    /// <summary>An answer that says the cluster, not the object, is the problem: comparing more objects now would only wait for the same.</summary>
    private static bool IsUnavailable(Exception ex) =>
        ex is KubernetesTransportException or HttpRequestException || ex is KubernetesApiException { Code: 0 or 429 or 502 or 503 or 504 };

    private static bool IsSecret(ResourceKey key) => key is { Group: "", Kind: "Secret" };

    private static string Describe(ResourceKey key, Exception ex)
    {
        var name = key.ToString();
        return ex.Message.StartsWith(name + ": ", StringComparison.Ordinal) ? ex.Message : $"{name}: {ex.Message}";
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
            error.WriteLine($"{Reasons.FetchFailed}: {ex.Message}");
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
}
