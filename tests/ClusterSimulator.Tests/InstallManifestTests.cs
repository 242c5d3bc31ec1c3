using System.Text.RegularExpressions;

namespace Dm.ClusterSimulator.Tests;

/// <summary>
/// The install manifests in <c>deploy/</c>: each Kustomization renders with the installed kubectl, and its output is
/// accepted by <c>kubectl apply --server-side --dry-run=server</c> against the simulator. The namespaces are created
/// first for real, as a dry run does not create them for the objects inside (the real API server behaves the same).
/// </summary>
public sealed partial class InstallManifestTests
{
    [Theory]
    [InlineData("deploy/base", 17)]
    [InlineData("deploy/examples/single-cluster", 21)]
    [InlineData("deploy/examples/hub-and-spoke/hub", 19)]
    [InlineData("deploy/examples/hub-and-spoke/spoke", 13)]
    public async Task The_kustomization_renders_and_a_server_side_dry_run_accepts_every_object(string folder, int objects)
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var kubectl = new Kubectl(path => simulator.WriteKubeconfig(path, "sim", "default"));

        var rendered = await kubectl.RunAsync("kustomize", Path.Combine(SourceTree.Root, folder));
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        Assert.Equal(objects, KindLine().Count(rendered.Stdout));

        foreach (var ns in NamespaceDocument().Matches(rendered.Stdout).Select(m => m.Groups[1].Value))
        {
            var created = await kubectl.RunAsync("create", "namespace", ns);
            Assert.True(created.ExitCode == 0, created.ToString());
        }

        var applied = await kubectl.RunWithInputAsync(rendered.Stdout, "apply", "--server-side", "--dry-run=server", "--field-manager=dm-install", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Equal(objects, applied.Stdout.Split('\n').Count(l => l.EndsWith("serverside-applied (server dry run)", StringComparison.Ordinal)));
        Assert.Empty(applied.Stderr.Trim());
    }


    [GeneratedRegex("^kind: ", RegexOptions.Multiline)]
    private static partial Regex KindLine();

    [GeneratedRegex(@"^apiVersion: v1\nkind: Namespace\nmetadata:\n(?:  labels:\n(?:    .*\n)*)?  name: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex NamespaceDocument();
}
