using Dm.ResourceRepo;

namespace Dm.Deployer.Reconcile;

/// <summary>What an environment worker deploys now: the environment at a revision and its target.</summary>
public sealed record EnvironmentAssignment(string Revision, RepoEnvironment Environment, DeployerTarget Target);
