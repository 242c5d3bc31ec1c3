using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>Errors in deployers.yaml name the environment they concern (where one can be told) through AffectedEnvironment.</summary>
public sealed class RepoErrorEnvironmentTests
{
    [Fact]
    public void DeployersErrorsNameTheEnvironmentOfTheirKey()
    {
        var model = new ResourceRepoReader().Read(TestSnapshots.FromDirectory(Path.Combine(TestSnapshots.TestData, "deployers", "repo")));

        var affected = model.Errors.Where(e => e.File == "deployers.yaml").ToDictionary(e => e.KeyPath!, e => e.AffectedEnvironment);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["deployers.pp.glob"] = "pp",
                ["deployers.pp.prune"] = "pp",
                ["deployers.mock.type"] = "mock",
                ["deployers.nons.namespace"] = "nons",
                ["deployers.ghost"] = "ghost",
                ["deployers.Bad_Env"] = null,
                ["deployers.badns.namespace"] = "badns",
            },
            affected);
        Assert.All(model.Errors, e => Assert.Null(e.Environment));
    }

    [Theory]
    [InlineData("deployers:\n  a.b:\n    type: Kubernetes\n    namespace: x\n")]
    [InlineData("deployers: [\n")]
    [InlineData("deployers: 3\n")]
    [InlineData("deployer:\n  dev:\n    type: Kubernetes\n")]
    public void ErrorsWithoutOneValidEnvironmentHaveNone(string deployers)
    {
        var model = new ResourceRepoReader().Read(TestSnapshots.FromFiles([KeyValuePair.Create("deployers.yaml", deployers)]));

        var error = Assert.Single(model.Errors);
        Assert.Null(error.AffectedEnvironment);
    }

    [Fact]
    public void ResourceErrorsKeepTheirEnvironment()
    {
        var model = new ResourceRepoReader().Read(TestSnapshots.FromFiles([KeyValuePair.Create("dev/deployable/x.yaml", "kind: [\n")]));

        Assert.Equal("dev", Assert.Single(model.Errors).AffectedEnvironment);
    }
}
