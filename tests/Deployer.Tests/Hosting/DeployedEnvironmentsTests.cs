using Dm.Deployer.Hosting;
using Dm.Deployer.Planning;
using Dm.ResourceRepo;

namespace Dm.Deployer.Tests.Hosting;

public class DeployedEnvironmentsTests
{
    private static readonly RepoTargets All = new(
        [Target("dev"), Target("pp"), Target("prod")],
        new Dictionary<string, string>(StringComparer.Ordinal) { ["qa"] = "deployers.yaml: qa.namespace is missing" },
        null);

    [Fact]
    public void No_environments_configured_deploys_every_target()
    {
        Assert.Same(All, DeployedEnvironments.Select(All, []));
    }

    [Fact]
    public void Only_the_configured_environments_are_deployed_and_their_invalid_targets_kept()
    {
        var selected = DeployedEnvironments.Select(All, ["prod", "qa"]);

        Assert.Equal(["prod"], selected.Targets.Select(t => t.Environment));
        Assert.Equal(["qa"], selected.InvalidTargets.Keys);
        Assert.Equal("deployers.yaml: qa.namespace is missing", selected.InvalidTargets["qa"]);
    }

    [Fact]
    public void A_configured_environment_deployers_yaml_lacks_is_reported_as_an_invalid_target()
    {
        var selected = DeployedEnvironments.Select(All, ["prod", "prdo"]);

        Assert.Equal(["prod"], selected.Targets.Select(t => t.Environment));
        Assert.Equal("Deployer:Environments names prdo, but deployers.yaml has no entry for it", selected.InvalidTargets["prdo"]);
    }

    [Fact]
    public void While_deployers_yaml_cannot_be_read_no_missing_environment_is_invented()
    {
        var unreadable = All with { FileProblem = "deployers.yaml:1:1: invalid YAML" };

        var selected = DeployedEnvironments.Select(unreadable, ["prdo"]);

        Assert.Empty(selected.Targets);
        Assert.Empty(selected.InvalidTargets);
        Assert.Equal("deployers.yaml:1:1: invalid YAML", selected.FileProblem);
    }

    private static DeployerTarget Target(string environment) =>
        new(environment, "Kubernetes", "sim", environment, null, Prune: true, CreateNamespace: true);
}
