using Dm.ClusterSimulator;
using Dm.Domain;
using Dm.Status;

namespace Dm.Deployer.Tests.Scenarios;

public sealed class CredentialScenarioTests
{
    [Fact]
    public async Task Credentials_an_exec_plugin_cannot_get_make_the_environment_unknown_with_the_reason_until_they_work()
    {
        string? expiredFlag = null;
        await using var s = await DeployerScenario.StartAsync(
            Repos.Standard(),
            simulatorOptions: o => o with { UseTls = true, Auth = SimulatorAuthMode.BearerToken, BearerTokens = ["tok"] },
            writeKubeconfig: (dir, sims) =>
            {
                expiredFlag = dir.Write("sso-expired", "1");
                var plugin = dir.WriteExecutable("plugin.sh", $$$"""
                    #!/bin/sh
                    if [ -e "{{{expiredFlag}}}" ]; then echo "error: SSO session expired, run sso login" >&2; exit 3; fi
                    printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok","expirationTimestamp":"2999-01-01T00:00:00Z"}}'
                    """);
                return dir.Write("kubeconfig", $$"""
                    apiVersion: v1
                    kind: Config
                    current-context: sim
                    clusters:
                    - name: sim
                      cluster:
                        server: {{sims[0].BaseAddress}}
                        insecure-skip-tls-verify: true
                    users:
                    - name: me
                      user:
                        exec:
                          apiVersion: client.authentication.k8s.io/v1
                          command: {{plugin}}
                          interactiveMode: Never
                    contexts:
                    - name: sim
                      context: { cluster: sim, user: me }
                    """);
            });

        // 1. The plugin fails: the environment is Unknown with the plugin's message, and the daemon keeps answering.
        var unknown = await s.WaitForStateAsync("dev", EnvironmentState.Unknown, s.Repo.CommitId("init"));
        Assert.Equal(Reasons.ClusterUnreachable, unknown.Reason);
        Assert.Contains("no credentials for cluster sim", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("SSO session expired", unknown.Message, StringComparison.Ordinal);

        // 2. Credentials work again: retried with backoff, the environment deploys without a new commit.
        File.Delete(expiredFlag!);
        await s.WaitForStateAsync("dev", EnvironmentState.Clean, s.Repo.CommitId("init"));
    }
}
