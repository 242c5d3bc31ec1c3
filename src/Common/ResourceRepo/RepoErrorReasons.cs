namespace Dm.ResourceRepo;

/// <summary>The fixed vocabulary of resource repo errors (<see cref="RepoError.Reason"/>).</summary>
public static class RepoErrorReasons
{
    /// <summary>A path in the snapshot is absolute, contains <c>..</c>, a backslash or an empty segment.</summary>
    public const string InvalidPath = "InvalidPath";

    /// <summary>A file is larger than <see cref="ResourceRepoOptions.MaxFileBytes"/>.</summary>
    public const string FileTooLarge = "FileTooLarge";

    /// <summary>A file is not valid UTF-8.</summary>
    public const string InvalidEncoding = "InvalidEncoding";

    /// <summary>A file is not valid YAML.</summary>
    public const string InvalidYaml = "InvalidYaml";

    /// <summary>A mapping has the same key twice.</summary>
    public const string DuplicateKey = "DuplicateKey";

    /// <summary>A YAML document exceeds the alias, node or nesting limits.</summary>
    public const string YamlLimitExceeded = "YamlLimitExceeded";

    /// <summary>An environment or resource name is not a DNS-1123 label.</summary>
    public const string InvalidName = "InvalidName";

    /// <summary>Two files in one environment define the same resource name.</summary>
    public const string DuplicateResource = "DuplicateResource";

    /// <summary>Two manifests in one environment name the same Kubernetes object (kind, namespace, name).</summary>
    public const string DuplicateObject = "DuplicateObject";

    /// <summary>A <c>base/</c> file has no <c>version/</c> file at the same relative path.</summary>
    public const string MissingVersionFile = "MissingVersionFile";

    /// <summary>A <c>version/</c> file has no <c>base/</c> file at the same relative path.</summary>
    public const string MissingBaseFile = "MissingBaseFile";

    /// <summary>A version file is not a map of scalars or lacks <c>version</c>.</summary>
    public const string InvalidVersionFile = "InvalidVersionFile";

    /// <summary>A placeholder in a base file has no value in its version file, or is malformed.</summary>
    public const string UnresolvedPlaceholder = "UnresolvedPlaceholder";

    /// <summary>Rendering a resource failed unexpectedly (a defect in DM); the message says how.</summary>
    public const string RenderFailed = "RenderFailed";

    /// <summary>A manifest document is not a map or lacks <c>apiVersion</c>, <c>kind</c> or <c>metadata.name</c>.</summary>
    public const string InvalidManifest = "InvalidManifest";

    /// <summary>A repo file (deployers, transitions, transition state, locks) lacks a required key.</summary>
    public const string MissingKey = "MissingKey";

    /// <summary>A repo file has a key DM does not know (often a typo).</summary>
    public const string UnknownKey = "UnknownKey";

    /// <summary>A repo file has a value of the wrong type or outside the allowed values.</summary>
    public const string InvalidValue = "InvalidValue";

    /// <summary>A deployer has a <c>type</c> DM cannot deploy with.</summary>
    public const string UnsupportedDeployerType = "UnsupportedDeployerType";

    /// <summary><c>deployers.yaml</c> names an environment that has no folder in the repo.</summary>
    public const string EnvironmentFolderMissing = "EnvironmentFolderMissing";

    /// <summary>A schedule is not a Quartz cron expression of 6 or 7 fields.</summary>
    public const string InvalidSchedule = "InvalidSchedule";

    /// <summary>An environment has <c>locks.yml</c>, which DM does not read (it reads <c>locks.yaml</c>); the environment counts as locked.</summary>
    public const string MisnamedLocksFile = "MisnamedLocksFile";

    /// <summary>A repo file carries a secret (a receiver URL or token); DM never reads secrets from the repo.</summary>
    public const string SecretInRepo = "SecretInRepo";

    /// <summary>A time zone id is not known on this machine.</summary>
    public const string UnknownTimezone = "UnknownTimezone";
}
