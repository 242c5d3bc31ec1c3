namespace Dm.Kubernetes.Tests;

/// <summary>A one-context kubeconfig ("sim", user "me", namespace default) with the given cluster and user blocks.</summary>
public static class TestKubeconfig
{
    /// <param name="clusterYaml">Lines under <c>cluster:</c>, each indented four spaces.</param>
    /// <param name="userYaml">Lines under <c>user:</c>, each indented four spaces (or <c>"    {}"</c>).</param>
    public static string Write(TempDirectory directory, string file, string clusterYaml, string userYaml) => directory.Write(file, $"""
        apiVersion: v1
        kind: Config
        current-context: sim
        clusters:
        - name: sim
          cluster:
        {clusterYaml}
        users:
        - name: me
          user:
        {userYaml}
        contexts:
        - name: sim
          context: {"{"} cluster: sim, user: me, namespace: default {"}"}
        """);
}
