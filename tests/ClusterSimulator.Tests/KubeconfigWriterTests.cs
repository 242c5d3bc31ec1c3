using System.Text;

namespace Dm.ClusterSimulator.Tests;

/// <summary>The kubeconfig written for one or more simulators.</summary>
public sealed class KubeconfigWriterTests
{
    [Fact]
    public async Task Renders_a_cluster_user_and_context_per_simulator()
    {
        await using var plain = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        await using var secure = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false, UseTls = true, Auth = SimulatorAuthMode.BearerToken, BearerTokens = ["t0k3n"] });

        var text = KubeconfigWriter.Render([new KubeconfigContext("playground", plain), new KubeconfigContext("playground-prod", secure, "apps")], currentContext: "playground-prod");

        Assert.Contains($"server: \"{plain.BaseAddress.ToString().TrimEnd('/')}\"", text, StringComparison.Ordinal);
        Assert.Contains($"server: \"{secure.BaseAddress.ToString().TrimEnd('/')}\"", text, StringComparison.Ordinal);
        Assert.Contains("certificate-authority-data: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(secure.CertificateAuthorityPem!)), text, StringComparison.Ordinal);
        Assert.Contains("token: \"t0k3n\"", text, StringComparison.Ordinal);
        Assert.Contains("namespace: \"apps\"", text, StringComparison.Ordinal);
        Assert.Contains("current-context: \"playground-prod\"", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split("- name: \"playground\"\n").Length - 1);
    }

    [Fact]
    public void Needs_at_least_one_context()
        => Assert.Throws<ArgumentException>(() => KubeconfigWriter.Render([]));
}
