namespace Dm.Deployer;

/// <summary>Annotations the deployer puts on every object it applies.</summary>
public static class DeployerAnnotations
{
    /// <summary>SHA-256 of the object's manifest as DM rendered it (this annotation excluded): equal hash, nothing to apply.</summary>
    public const string ContentHash = "dm.deployer/content-hash";

    /// <summary>The resource (repo file name) the object comes from.</summary>
    public const string Resource = "dm.deployer/resource";

    /// <summary>The resource's version at the applied revision (absent for deployables).</summary>
    public const string Version = "dm.deployer/version";

    /// <summary>The environment that applied the object.</summary>
    public const string Environment = "dm.deployer/environment";
}
