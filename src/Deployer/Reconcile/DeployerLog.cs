using Dm.Domain;
using Microsoft.Extensions.Logging;

namespace Dm.Deployer.Reconcile;

/// <summary>The deployer's structured log messages.</summary>
internal static partial class DeployerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Resource repo at {Revision} ({Errors} errors)")]
    public static partial void RepoRead(ILogger logger, string revision, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetch failed: {Problem}")]
    public static partial void FetchFailed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployer round failed, retrying with backoff: {Problem}")]
    public static partial void RoundFailed(ILogger logger, Exception exception, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Target of {Environment} is invalid: {Problem}")]
    public static partial void TargetInvalid(ILogger logger, string environment, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster of {Environment} is unreachable: {Problem}")]
    public static partial void ClusterUnreachable(ILogger logger, string environment, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Object} of {Resource}")]
    public static partial void Pruned(ILogger logger, ResourceKey @object, string resource);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift corrected: {Detail}")]
    public static partial void DriftCorrected(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled {Environment} at {Revision}: {Applied} applied, {Skipped} unchanged, {Pruned} pruned, {Failed} failed, state {State}")]
    public static partial void Reconciled(ILogger logger, string environment, string revision, int applied, int skipped, int pruned, int failed, Dm.Status.EnvironmentState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created namespace {Namespace} for {Environment}")]
    public static partial void NamespaceCreated(ILogger logger, string @namespace, string environment);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {Object} ({Why}: {Detail})")]
    public static partial void Applied(ILogger logger, ResourceKey @object, Planning.ApplyReason why, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Apply of {Object} failed: {Problem}")]
    public static partial void ApplyFailed(ILogger logger, ResourceKey @object, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Repo read (ms, cumulative): fetch {Fetch:0}, snapshot {Snapshot:0}, model {Model:0}")]
    public static partial void RepoTimes(ILogger logger, double fetch, double snapshot, double model);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Round of {Environment} (ms, cumulative): desired {Desired:0}, read {Read:0}, applied {Applied:0}, done {Done:0}")]
    public static partial void RoundTimes(ILogger logger, string environment, double desired, double read, double applied, double done);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of {Environment} failed unexpectedly")]
    public static partial void RoundCrashed(ILogger logger, Exception exception, string environment);
}
