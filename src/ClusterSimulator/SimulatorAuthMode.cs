namespace Dm.ClusterSimulator;

/// <summary>How the simulator authenticates requests.</summary>
public enum SimulatorAuthMode
{
    /// <summary>Every request is accepted.</summary>
    None,

    /// <summary>A <c>Authorization: Bearer</c> token from <see cref="SimulatorOptions.BearerTokens"/> is required.</summary>
    BearerToken,

    /// <summary>A TLS client certificate issued by the simulator's CA is required (bearer tokens from the list are also accepted).</summary>
    ClientCertificate,
}
