namespace Dm.Common.Tests.Git;

/// <summary>
/// Tests that change this process's environment (PATH, GIT_CONFIG_GLOBAL) for the git processes DM starts: xunit runs
/// them alone, after the parallel tests, so no other test's git sees the change.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
