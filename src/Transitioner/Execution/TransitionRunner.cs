using Dm.Domain;
using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.Transitioner.Policy;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Execution;

/// <summary>
/// Runs rounds: fetches the repo, reads the deployer's status once, and runs every transition in priority order on the
/// then-current head (a promotion moves the head for the transitions after it). Each transition is gather → plan →
/// execute: <see cref="GatherAsync"/> reads its <see cref="TransitionInputs"/> on a head, the pure
/// <see cref="TransitionPlanner.Plan"/> gives its decision and commit, and a promotion's commit goes through
/// <see cref="GitRepository.CommitAsync(Func{RepoSnapshot, CancellationToken, Task{CommitPlan}}, CancellationToken)"/>:
/// when the push is rejected the inputs are gathered again on the new head and planned by the same function; when that
/// is no promotion any more (a lock landed), nothing is committed and it is the outcome. Rounds are serialized.
/// </summary>
public sealed class TransitionRunner(
    GitRepository repository,
    Func<CancellationToken, Task<DeployerObservation>> readDeployer,
    TimeProvider timeProvider,
    ILogger logger,
    TransitionerMetrics metrics,
    Action<string>? committed = null) : IDisposable
{
    public static GitIdentity Author => TransitionPlanner.Author;

    private readonly ResourceRepoReader _reader = new();
    private readonly ChangelogReader _changelogs = new(repository);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResourceRepoModel? _lastModel;
    private RepoVersions? _lastVersions;
    private readonly Dictionary<(string Revision, string Environment), IReadOnlyDictionary<string, string>?> _deployedContent = [];

    /// <summary>
    /// Evaluates every transition; with <paramref name="commit"/> false nothing is written (plan). <paramref name="at"/>
    /// replaces the current time (plan <c>--at</c>).
    /// </summary>
    public async Task<RoundResult> RunRoundAsync(bool commit, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = timeProvider.GetTimestamp();
            var now = at ?? timeProvider.GetUtcNow();
            var head = await repository.FetchAsync(cancellationToken);
            var snapshot = await repository.ReadSnapshotAsync(head, cancellationToken);
            var model = Read(snapshot);
            var deployer = new DeployerReading(readDeployer);
            var outcomes = new List<TransitionOutcome>();
            foreach (var definition in model.Transitions)
            {
                TransitionOutcome outcome;
                try
                {
                    (outcome, snapshot) = await RunAsync(definition, snapshot, deployer, commit, now, cancellationToken);
                    model = Read(snapshot);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Transition {Transition} failed", definition.Name);
                    outcome = new TransitionOutcome(definition.Name, definition.Source, definition.Target,
                        new TransitionDecision.Invalid($"evaluation failed: {ex.Message}", Reasons.EvaluationFailed), null, now);
                }

                Record(outcome);
                outcomes.Add(outcome);
            }

            foreach (var (name, message) in InvalidTransitions(model))
            {
                var outcome = new TransitionOutcome(name, string.Empty, string.Empty, new TransitionDecision.Invalid(message), null, now);
                Record(outcome);
                outcomes.Add(outcome);
            }

            if (_deployedContent.Count > 64)
            {
                _deployedContent.Clear();
            }

            metrics.RoundDuration.Observe(timeProvider.GetElapsedTime(started).TotalSeconds);
            var wake = outcomes.Select(o => o.Decision.WakeAt).Aggregate((DateTimeOffset?)null, TransitionWindows.Min);
            return new RoundResult(head, outcomes, wake);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The model of <paramref name="snapshot"/>; the last one is kept, so an idle round does not read the repo again.</summary>
    private ResourceRepoModel Read(RepoSnapshot snapshot)
    {
        if (_lastModel is { } last && last.Revision == snapshot.Revision)
        {
            return last;
        }

        _lastModel = _reader.Read(snapshot);
        return _lastModel;
    }

    /// <summary>
    /// Runs one transition on <paramref name="snapshot"/>: its outcome, and the head the next transition is run on (the
    /// promotion's commit, or the head the last plan was made on).
    /// </summary>
    private async Task<(TransitionOutcome Outcome, RepoSnapshot Head)> RunAsync(
        TransitionDefinition definition, RepoSnapshot snapshot, DeployerReading deployer, bool commit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TransitionOutcome Outcome(TransitionDecision decision, string? commitId = null) =>
            new(definition.Name, definition.Source, definition.Target, decision, commitId, now);

        var planned = await PlanAsync(definition.Name, snapshot, deployer, commit, now, cancellationToken);
        if (!commit || planned.Plan.Commit is null)
        {
            return (Outcome(planned.Plan.Decision), snapshot);
        }

        // Each head the push meets is planned from inputs gathered on it (a lock landed, other versions); a plan that is
        // no promotion any more commits nothing. The outcome is the plan of the head the result names: planning is
        // deterministic (the same head, deployer observation and time), so it is planned again rather than remembered.
        CommitResult result;
        try
        {
            result = await repository.CommitAsync(
                async (head, ct) => head.Revision == snapshot.Revision ? planned.Plan.Commit : (await ReplanAsync(definition.Name, head, deployer, now, ct)).Plan.Commit,
                cancellationToken);
        }
        catch (GitCommandException ex) when (ex.Subcommand == "push")
        {
            // Rejected on every attempt (the head kept moving) or refused by the remote: reported, retried next round.
            return (Outcome(new TransitionDecision.Invalid($"the promotion did not land, retried next round: {ex.Message}", Reasons.PushFailed)), snapshot);
        }

        var plannedOn = result switch
        {
            CommitResult.Committed done => done.ParentId,
            CommitResult.NoChange noChange => noChange.HeadId,
            _ => throw new InvalidOperationException($"Unknown commit result {result}."),
        };
        var last = plannedOn == snapshot.Revision
            ? planned
            : await PlanAsync(definition.Name, await repository.ReadSnapshotAsync(plannedOn, cancellationToken), deployer, withChangelogs: true, now, cancellationToken);
        switch (result, last.Plan.Decision)
        {
            case (CommitResult.Committed done, TransitionDecision.Promote promoted):
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Transition {Transition} promoted {Count} resource(s) from {Source} to {Target} in {Revision}",
                        definition.Name, promoted.Moves.Count, definition.Source, definition.Target, done.CommitId);
                }

                committed?.Invoke(done.CommitId);
                return (Outcome(promoted, done.CommitId), await repository.ReadSnapshotAsync(done.CommitId, cancellationToken));
            case (CommitResult.NoChange noChange, TransitionDecision.Promote unchanged):
                return (Outcome(new TransitionDecision.NoChange($"the promotion would not change the tree of {noChange.HeadId}") { NextScheduled = unchanged.NextScheduled }), snapshot);
            case (CommitResult.NoChange, var decision):
                return (Outcome(decision), last.Inputs.Snapshot);
            default:
                throw new InvalidOperationException($"Unknown commit result {result} for {last.Plan.Decision.GetType().Name}.");
        }
    }

    private async Task<PlannedTransition> ReplanAsync(string name, RepoSnapshot head, DeployerReading deployer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var replanned = await PlanAsync(name, head, deployer, withChangelogs: true, now, cancellationToken);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Transition {Transition}: the head moved to {Revision}; decided again: {Decision}",
                name, head.Revision, replanned.Plan.Decision.GetType().Name);
        }

        return replanned;
    }

    /// <summary>Gathers the inputs of transition <paramref name="name"/> on <paramref name="snapshot"/> and plans it; a promotion to commit gets its changelogs.</summary>
    private async Task<PlannedTransition> PlanAsync(
        string name, RepoSnapshot snapshot, DeployerReading deployer, bool withChangelogs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inputs = await GatherAsync(name, snapshot, deployer, now, cancellationToken);
        var plan = TransitionPlanner.Plan(inputs);
        if (withChangelogs && plan.Decision is TransitionDecision.Promote promote && TransitionPlanner.ListsChangelogs(promote))
        {
            inputs = inputs with { Changelogs = await ChangelogsAsync(inputs.Definition!.Source, promote, snapshot.Revision, cancellationToken) };
            plan = TransitionPlanner.Plan(inputs);
        }

        return new PlannedTransition(inputs, plan);
    }

    /// <summary>The inputs of transition <paramref name="name"/> on <paramref name="snapshot"/>: its definition there, and the source's health when SourceClean asks for it.</summary>
    private async Task<TransitionInputs> GatherAsync(string name, RepoSnapshot snapshot, DeployerReading deployer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var model = Read(snapshot);
        var definition = model.Transitions.FirstOrDefault(t => t.Name == name);
        var health = SourceHealth.NotRequired;
        if (definition is not null && definition.Preconditions.Contains(TransitionPrecondition.SourceClean))
        {
            var observation = await deployer.GetAsync(cancellationToken);
            var deployed = await DeployedContentAsync(observation, definition.Source, cancellationToken);
            health = SourceCheck.Assess(definition, model, snapshot, observation, deployed);
        }

        return new TransitionInputs(name, definition, snapshot, model, health, now) { Versions = Versions(snapshot, model) };
    }

    /// <summary>The version files of <paramref name="snapshot"/>; the last head's are kept, so an idle round does not sort the repo's files again.</summary>
    private RepoVersions Versions(RepoSnapshot snapshot, ResourceRepoModel model)
    {
        if (_lastVersions is { } last && last.Revision == snapshot.Revision)
        {
            return last;
        }

        _lastVersions = new RepoVersions(snapshot, model);
        return _lastVersions;
    }

    private async Task<IReadOnlyDictionary<string, string>?> DeployedContentAsync(DeployerObservation observation, string environment, CancellationToken cancellationToken)
    {
        if (observation.Report?.Environments.GetValueOrDefault(environment)?.Revision is not { } revision)
        {
            return null;
        }

        if (_deployedContent.TryGetValue((revision, environment), out var cached))
        {
            return cached;
        }

        IReadOnlyDictionary<string, string>? content;
        try
        {
            var tree = await repository.ReadTreeAsync(revision, environment + "/", cancellationToken);
            content = SourceCheck.Content(tree.Select(e => (e.Path, e.BlobId)), environment);
        }
        catch (GitCommandException ex)
        {
            logger.LogWarning("The deployer's revision {Revision} cannot be read here: {Error}", revision, ex.Message);
            content = null;
        }

        _deployedContent[(revision, environment)] = content;
        return content;
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<ChangelogEntry>>> ChangelogsAsync(
        string source, TransitionDecision.Promote promote, string revision, CancellationToken cancellationToken)
    {
        var changelogs = new Dictionary<string, IReadOnlyList<ChangelogEntry>>(StringComparer.Ordinal);
        foreach (var move in promote.Moves)
        {
            changelogs[move.Resource] = await _changelogs.ReadAsync(revision, source, move, cancellationToken);
        }

        return changelogs;
    }

    /// <summary>Transitions the reader left out because their definition has errors, with the first error of each.</summary>
    private static IEnumerable<(string Name, string Message)> InvalidTransitions(ResourceRepoModel model)
    {
        var valid = model.Transitions.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return model.Errors
            .Where(e => e.File == "transitions.yaml" && e.KeyPath is not null && e.KeyPath.StartsWith("transitions.", StringComparison.Ordinal))
            .Select(e => (Name: e.KeyPath!["transitions.".Length..].Split('.', '[')[0], e.Message))
            .Where(e => e.Name.Length > 0 && !valid.Contains(e.Name))
            .GroupBy(e => e.Name, StringComparer.Ordinal)
            .Select(g => (g.Key, string.Join("; ", g.Select(e => e.Message))));
    }

    private void Record(TransitionOutcome outcome)
    {
        switch (outcome.Decision)
        {
            case TransitionDecision.Promote when outcome.Commit is not null:
                metrics.Promotions.WithLabels(outcome.Name).Inc();
                break;
            case TransitionDecision.Blocked blocked:
                metrics.Blocked.WithLabels(outcome.Name, blocked.Reason).Inc();
                break;
            case TransitionDecision.Invalid invalid:
                metrics.Errors.WithLabels(outcome.Name).Inc();
                logger.LogWarning("Transition {Transition} reports an error: {Message}", outcome.Name, invalid.Message);
                break;
        }
    }

    /// <summary>The deployer's status, read once per round when a transition first needs it, so every plan of the round sees the same.</summary>
    private sealed class DeployerReading(Func<CancellationToken, Task<DeployerObservation>> read)
    {
        private Task<DeployerObservation>? _observation;

        public Task<DeployerObservation> GetAsync(CancellationToken cancellationToken) => _observation ??= read(cancellationToken);
    }

    /// <summary>A plan and the inputs it was made from.</summary>
    private sealed record PlannedTransition(TransitionInputs Inputs, TransitionPlan Plan);
}
