namespace Dm.Deployer.Planning;

/// <summary>Why an object is applied.</summary>
public enum ApplyReason
{
    /// <summary>The object does not exist in the cluster.</summary>
    Missing,

    /// <summary>The rendered content differs from what was applied last (content hash).</summary>
    Changed,

    /// <summary>Someone changed fields DM owns; DM takes them back.</summary>
    Drifted,
}
