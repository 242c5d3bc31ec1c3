using Dm.Git;
using Dm.ResourceRepo;
using Dm.Status;
using Dm.Transitioner.Policy;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Execution;

/// <summary>
/// Runs rounds: fetches the repo, reads the deployer's status once, and evaluates every transition in priority order on
/// the then-current head (a promotion moves the head for the transitions after it). A promotion is one commit made with
/// <see cref="GitRepository.CommitAsync(Func{RepoSnapshot, CancellationToken, Task{CommitPlan}}, CancellationToken)"/>:
/// when the push is rejected the decision is taken again on the new head and its changes and message are committed
/// there; when it is no promotion any more (a lock landed), nothing is committed and it is the outcome. Rounds are serialized.
/// </summary>
public sealed class TransitionRunner(
    GitRepository repository,
    Func<CancellationToken, Task<DeployerObservation>> readDeployer,
    TimeProvider timeProvider,
    ILogger logger,
    TransitionerMetrics metrics,
    Action<string>? committed = null) : IDisposable
{
    public static GitIdentity Author { get; } = new("DM Transitioner", "transitioner@dm.local");

    private readonly ResourceRepoReader _reader = new();
    private readonly ChangelogReader _changelogs = new(repository);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResourceRepoModel? _lastModel;
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
            var round = new Round(await repository.ReadSnapshotAsync(head, cancellationToken), null!, null);
            round.Model = Read(round.Snapshot);
            var outcomes = new List<TransitionOutcome>();
            foreach (var definition in round.Model.Transitions)
            {
                TransitionOutcome outcome;
                try
                {
                    outcome = await EvaluateAsync(definition, round, commit, now, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Transition {Transition} failed", definition.Name);
                    outcome = new TransitionOutcome(definition.Name, definition.Source, definition.Target,
                        new TransitionDecision.Invalid($"evaluation failed: {ex.Message}", StatusReasons.EvaluationFailed), null, now);
                }

                Record(outcome);
                outcomes.Add(outcome);
            }

            foreach (var (name, message) in InvalidTransitions(round.Model))
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

    private async Task<TransitionOutcome> EvaluateAsync(TransitionDefinition definition, Round round, bool commit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TransitionOutcome Outcome(TransitionDecision decision, string? commitId = null) =>
            new(definition.Name, definition.Source, definition.Target, decision, commitId, now);

        if (CompiledTransition.Compile(definition, out var error) is not { } compiled)
        {
            return Outcome(new TransitionDecision.Invalid(error!));
        }

        var decision = await DecideAsync(compiled, round.Snapshot, round.Model, round, now, cancellationToken);
        if (!commit)
        {
            return Outcome(decision);
        }

        if (decision is not TransitionDecision.Promote)
        {
            return Outcome(decision);
        }

        // The commit is planned on each head the push meets: decided again there (a lock landed, other versions), with
        // the message of that decision. A decision that is no promotion any more commits nothing and is the outcome.
        var (last, lastSnapshot, lastModel) = (decision, round.Snapshot, round.Model);
        CommitResult result;
        try
        {
            result = await repository.CommitAsync(
                async (snapshot, ct) =>
                {
                    var current = compiled.Definition;
                    var model = round.Model;
                    var decided = decision;
                    if (snapshot.Revision != round.Snapshot.Revision)
                    {
                        model = Read(snapshot);
                        current = model.Transitions.FirstOrDefault(t => t.Name == definition.Name);
                        decided = current is null
                            ? new TransitionDecision.NoChange($"transition {definition.Name} is no longer in transitions.yaml")
                            : CompiledTransition.Compile(current, out var compileError) is { } recompiled
                                ? await DecideAsync(recompiled, snapshot, model, round, now, ct)
                                : new TransitionDecision.Invalid(compileError!);
                        if (logger.IsEnabled(LogLevel.Information))
                        {
                            logger.LogInformation("Transition {Transition}: the head moved to {Revision}; decided again: {Decision}",
                                definition.Name, snapshot.Revision, decided.GetType().Name);
                        }
                    }

                    (last, lastSnapshot, lastModel) = (decided, snapshot, model);
                    if (current is null || decided is not TransitionDecision.Promote promote)
                    {
                        return null;
                    }

                    var message = await FormatMessageAsync(current, promote, snapshot.Revision, ct);
                    return new CommitPlan(Changes(current, promote, snapshot, model, now), message, Author);
                },
                cancellationToken);
        }
        catch (GitCommandException ex) when (ex.Subcommand == "push")
        {
            // Rejected on every attempt (the head kept moving) or refused by the remote: reported, retried next round.
            return Outcome(new TransitionDecision.Invalid($"the promotion did not land, retried next round: {ex.Message}", StatusReasons.PushFailed));
        }

        switch (result)
        {
            case CommitResult.Committed done:
                round.Snapshot = await repository.ReadSnapshotAsync(done.CommitId, cancellationToken);
                round.Model = Read(round.Snapshot);
                var promoted = (TransitionDecision.Promote)last;
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Transition {Transition} promoted {Count} resource(s) from {Source} to {Target} in {Revision}",
                        definition.Name, promoted.Moves.Count, definition.Source, definition.Target, done.CommitId);
                }

                committed?.Invoke(done.CommitId);
                return Outcome(promoted, done.CommitId);
            case CommitResult.NoChange when last is not TransitionDecision.Promote:
                (round.Snapshot, round.Model) = (lastSnapshot, lastModel);
                return Outcome(last);
            case CommitResult.NoChange noChange:
                var unchanged = (TransitionDecision.Promote)last;
                return Outcome(new TransitionDecision.NoChange($"the promotion would not change the tree of {noChange.HeadId}") { NextScheduled = unchanged.NextScheduled });
            default:
                throw new InvalidOperationException($"Unknown commit result {result}.");
        }
    }

    private async Task<TransitionDecision> DecideAsync(
        CompiledTransition transition, RepoSnapshot snapshot, ResourceRepoModel model, Round round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var definition = transition.Definition;
        var source = EnvironmentVersions.From(snapshot, model, definition.Source);
        var target = EnvironmentVersions.From(snapshot, model, definition.Target);
        var health = SourceHealth.NotRequired;
        if (definition.Preconditions.Contains(TransitionPrecondition.SourceClean))
        {
            round.Deployer ??= await readDeployer(cancellationToken);
            var deployed = await DeployedContentAsync(round.Deployer, definition.Source, cancellationToken);
            health = SourceCheck.Assess(definition, model, snapshot, round.Deployer, deployed);
        }

        return TransitionPolicy.Decide(transition, source, target, health, model.FindTransitionState(definition.Name), now, model.ProblemsIn(TransitionStateFile.Path));
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

    private async Task<string> FormatMessageAsync(TransitionDefinition definition, TransitionDecision.Promote promote, string revision, CancellationToken cancellationToken)
    {
        var changelogs = new Dictionary<string, IReadOnlyList<ChangelogEntry>>(StringComparer.Ordinal);
        if (promote.Moves.Count <= PromotionMessage.MaxChangelogResources)
        {
            foreach (var move in promote.Moves)
            {
                changelogs[move.Resource] = await _changelogs.ReadAsync(revision, definition.Source, move, cancellationToken);
            }
        }

        return PromotionMessage.Format(definition, promote.Moves, changelogs, promote.Notes);
    }

    /// <summary>The file changes of a promotion: the moved version files, and the transition's state (next fire time, last run, approval cleared).</summary>
    internal static IReadOnlyList<FileChange> Changes(TransitionDefinition definition, TransitionDecision.Promote promote, RepoSnapshot snapshot, ResourceRepoModel model, DateTimeOffset now)
    {
        var changes = new List<FileChange>();
        foreach (var move in promote.Moves)
        {
            foreach (var path in move.RelativePaths)
            {
                var file = snapshot.Files[EnvironmentVersions.VersionPrefix(definition.Source) + path];
                changes.Add(new FileChange.Put(EnvironmentVersions.VersionPrefix(definition.Target) + path, file.Content));
            }
        }

        var states = model.TransitionStates.Where(s => s.Name != definition.Name).ToList();
        states.Add(new TransitionState(definition.Name, promote.Scheduled, now, null));
        changes.Add(new FileChange.Put(TransitionStateFile.Path, TransitionStateFile.Write(states)));
        return changes;
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

    private sealed class Round(RepoSnapshot snapshot, ResourceRepoModel model, DeployerObservation? deployer)
    {
        public RepoSnapshot Snapshot { get; set; } = snapshot;

        public ResourceRepoModel Model { get; set; } = model;

        public DeployerObservation? Deployer { get; set; } = deployer;
    }
}
