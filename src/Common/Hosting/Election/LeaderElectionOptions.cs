namespace Dm.Hosting.Election;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease (section <c>LeaderElection</c> of a daemon's options).
/// Off by default: one replica, the playground and tests in one process need no lease. Durations follow client-go's
/// meaning: a leader renews every <see cref="RetryPeriod"/> and stops acting when it could not renew for
/// <see cref="RenewDeadline"/>; a standby takes over when the lease was not renewed for <see cref="LeaseDuration"/>.
/// </summary>
public sealed class LeaderElectionOptions
{
    public bool Enabled { get; set; }

    /// <summary>Namespace of the Lease (DM's own namespace).</summary>
    public string Namespace { get; set; } = "dm";

    /// <summary>Name of the Lease; the deployer appends <c>-&lt;environment&gt;</c> (one lease per environment).</summary>
    public string LeaseName { get; set; } = string.Empty;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's name in <c>holderIdentity</c>; empty: <c>POD_NAME</c>, else <c>HOSTNAME</c>, else the machine name.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>Kubeconfig of the cluster holding the Lease; empty: in-cluster config (kubectl's default files outside a pod).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Kubeconfig context; empty: the current one.</summary>
    public string? Context { get; set; }

    /// <summary>The identity in effect (<see cref="Identity"/> or the pod's name).</summary>
    public string EffectiveIdentity(Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(Identity) ? Identity
        : environment("POD_NAME") is { Length: > 0 } pod ? pod
        : environment("HOSTNAME") is { Length: > 0 } host ? host
        : System.Environment.MachineName;

    /// <summary>Problems that make these options unusable, each prefixed with <paramref name="section"/> (empty when valid or disabled).</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<string>();
        if (!Enabled)
        {
            return errors;
        }

        if (!IsDnsLabel(Namespace))
        {
            errors.Add($"{section}:Namespace \"{Namespace}\" is not a valid namespace name (lowercase letters, digits and '-', at most 63)");
        }

        if (LeaseName.Length == 0 || LeaseName.Length > 200 || !LeaseName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
            || !char.IsAsciiLetterOrDigit(LeaseName[0]) || !char.IsAsciiLetterOrDigit(LeaseName[^1]))
        {
            errors.Add($"{section}:LeaseName \"{LeaseName}\" is not a valid object name (lowercase letters, digits, '-' and '.', at most 200)");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{section}:LeaseDuration must be a whole number of seconds, at least 1, not {LeaseDuration}");
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            errors.Add($"{section}:RetryPeriod must be positive, not {RetryPeriod}");
        }

        if (RenewDeadline <= RetryPeriod || RenewDeadline >= LeaseDuration)
        {
            errors.Add($"{section}:RenewDeadline ({RenewDeadline}) must be longer than RetryPeriod ({RetryPeriod}) and shorter than LeaseDuration ({LeaseDuration}), so a leader stops acting before a standby may take over");
        }

        if (Identity.Length > 128)
        {
            errors.Add($"{section}:Identity must be at most 128 characters");
        }

        return errors;
    }

    private static bool IsDnsLabel(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-';
}
