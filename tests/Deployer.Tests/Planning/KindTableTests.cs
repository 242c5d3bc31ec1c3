using System.Text.Json.Nodes;
using Dm.Deployer.Health;
using Dm.Domain;

namespace Dm.Deployer.Tests.Planning;

/// <summary>The one table of kinds: apply order and health rule side by side.</summary>
public sealed class KindTableTests
{
    [Theory]
    [InlineData("", "Namespace", 0)]
    [InlineData("apiextensions.k8s.io", "CustomResourceDefinition", 1)]
    [InlineData("rbac.authorization.k8s.io", "ClusterRoleBinding", 3)]
    [InlineData("", "Secret", 4)]
    [InlineData("", "PersistentVolumeClaim", 5)]
    [InlineData("", "Service", 6)]
    [InlineData("apps", "Deployment", 7)]
    [InlineData("example.com", "Widget", KindTable.OtherRank)]
    public void Kinds_are_applied_in_the_order_of_what_they_refer_to(string group, string kind, int rank) =>
        Assert.Equal(rank, KindTable.ApplyRank(new ResourceKey(group, kind, "dev", "x")));

    [Theory]
    [InlineData("apps", "Deployment", true)]
    [InlineData("apps", "StatefulSet", true)]
    [InlineData("apps", "DaemonSet", true)]
    [InlineData("batch", "Job", true)]
    [InlineData("", "PersistentVolumeClaim", true)]
    [InlineData("batch", "CronJob", false)]
    [InlineData("", "ConfigMap", false)]
    [InlineData("example.com", "Widget", false)]
    public void Workloads_and_claims_have_a_health_rule_and_other_kinds_are_healthy_once_applied(string group, string kind, bool hasRule)
    {
        var key = new ResourceKey(group, kind, "dev", "x");

        Assert.Equal(hasRule, KindTable.HealthRule(key) is not null);
        Assert.Equal(hasRule, ObjectHealth.HasRules(key));
        if (!hasRule)
        {
            Assert.Equal(HealthStatus.Healthy("applied"), ObjectHealth.Assess(key, new JsonObject()));
        }
    }
}
