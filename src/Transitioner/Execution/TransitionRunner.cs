using Dm.Common.Git;
using Dm.Common.ResourceRepo;
using Dm.Common.Status;
using Dm.Transitioner.Policy;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Execution;

/// <summary>
/// Runs rounds: fetches the repo, reads the deployer's status once, and evaluates every transition in priority order on
/// the then-current head (a promotion moves the head for the transitions after it). A promotion is one commit made with
/// <see cref="GitRepository.CommitAsync(CommitRequest, Func{RepoSnapshot, CancellationToken, Task{IReadOnlyList{FileChange}}}, CancellationToken)"/>:
/// when the push is rejected the decision is taken again on the new head; if it changed (a lock landed, other versions),
/// nothing is committed on that attempt and the new decision is executed with a fresh message. Rounds are serialized.
/// </summary>
public sealed class TransitionRunner(
    GitRepository repository,
    Func<CancellationToken, Task<DeployerObservation>> readDeployer,
    TimeProvider timeProvider,
    ILogger logger,
    TransitionerMetrics metrics,
    Action<string>? committed = null) : IDisposable
{
    /// <summary>How often a promotion is re-decided because the head moved before it is given up for this round.</summary>
    public const int MaxRedecisions = 5;

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

        for (var attempt = 0; attempt < MaxRedecisions; attempt++)
        {
            if (decision is not TransitionDecision.Promote promote)
            {
                return Outcome(decision);
            }

            var message = await FormatMessageAsync(compiled.Definition, promote, round.Snapshot.Revision, cancellationToken);
            TransitionDecision? changed = null;
            RepoSnapshot? changedSnapshot = null;
            ResourceRepoModel? changedModel = null;
            var planned = round.Snapshot.Revision;
            var result = await repository.CommitAsync(
                new CommitRequest(message, Author),
                async (snapshot, ct) =>
                {
                    if (snapshot.Revision == planned)
                    {
                        return Changes(compiled.Definition, promote, snapshot, round.Model, now);
                    }

                    var model = Read(snapshot);
                    var current = model.Transitions.FirstOrDefault(t => t.Name == definition.Name);
                    var again = current is null
                        ? new TransitionDecision.NoChange($"transition {definition.Name} is no longer in transitions.yaml")
                        : CompiledTransition.Compile(current, out var compileError) is { } recompiled
                            ? await DecideAsync(recompiled, snapshot, model, round, now, ct)
                            : new TransitionDecision.Invalid(compileError!);
                    if (current is not null && again is TransitionDecision.Promote same && SameMoves(same, promote))
                    {
                        return Changes(current, same, snapshot, model, now);
                    }

                    (changed, changedSnapshot, changedModel) = (again, snapshot, model);
                    return [];
                },
                cancellationToken);

            switch (result)
            {
                case CommitResult.Committed done:
                    round.Snapshot = await repository.ReadSnapshotAsync(done.CommitId, cancellationToken);
                    round.Model = Read(round.Snapshot);
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        logger.LogInformation("Transition {Transition} promoted {Count} resource(s) from {Source} to {Target} in {Revision}",
                            definition.Name, promote.Moves.Count, definition.Source, definition.Target, done.CommitId);
                    }

                    committed?.Invoke(done.CommitId);
                    return Outcome(promote, done.CommitId);
                case CommitResult.NoChange when changed is not null:
                    round.Snapshot = changedSnapshot!;
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        logger.LogInformation("Transition {Transition}: the head moved to {Revision} and the decision changed; deciding again",
                            definition.Name, round.Snapshot.Revision);
                    }

                    round.Model = changedModel!;
                    decision = changed;
                    break;
                case CommitResult.NoChange noChange:
                    return Outcome(new TransitionDecision.NoChange($"the promotion would not change the tree of {noChange.HeadId}") { NextScheduled = promote.NextScheduled });
            }
        }

        return Outcome(new TransitionDecision.Invalid($"the head kept changing; the promotion was decided {MaxRedecisions} times without landing and is retried next round", StatusReasons.PushFailed));
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

        return TransitionPolicy.Decide(transition, source, target, health, model.FindTransitionState(definition.Name), now);
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

    private static bool SameMoves(TransitionDecision.Promote a, TransitionDecision.Promote b) =>
        a.Scheduled == b.Scheduled
        && a.Moves.Count == b.Moves.Count
        && a.Moves.Zip(b.Moves).All(p => p.First.Resource == p.Second.Resource && p.First.From == p.Second.From && p.First.To == p.Second.To
            && p.First.RelativePaths.SequenceEqual(p.Second.RelativePaths, StringComparer.Ordinal));

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
                metrics.Promotions.Inc(outcome.Name);
                break;
            case TransitionDecision.Blocked blocked:
                metrics.Blocked.Inc(outcome.Name, blocked.Reason);
                break;
            case TransitionDecision.Invalid invalid:
                metrics.Errors.Inc(outcome.Name);
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
