using System.Runtime.CompilerServices;

namespace Dm.ClientProbe;

/// <summary>
/// Creates the client of a mode. Each in its own method kept out of line, so a run of one mode never loads the other
/// client's assemblies (the JIT resolves a method's types when it compiles it).
/// </summary>
internal static class ProbeClients
{
    public static IProbeClient Create(string mode, string kubeconfig) => mode == "dm" ? Dm(kubeconfig) : Official(kubeconfig);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IProbeClient Dm(string kubeconfig) => new DmProbeClient(kubeconfig);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IProbeClient Official(string kubeconfig) => new OfficialProbeClient(kubeconfig);
}
