namespace Dm.ClusterSimulator;

/// <summary>One context of a written kubeconfig: its name, the simulator it points at and an optional default namespace.</summary>
public sealed record KubeconfigContext(string Name, ClusterSimulator Simulator, string? Namespace = null);
