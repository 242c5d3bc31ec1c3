using Dm.Hosting.Election;

namespace Dm.Transitioner.Hosting;

/// <summary>The transitioner's configuration (section <c>Transitioner</c>; environment variables <c>Transitioner__RepoUrl</c>, ...).</summary>
public sealed class TransitionerOptions
{
    public const string Section = "Transitioner";

    /// <summary>The resource repo's remote URL (path, <c>file://</c>, <c>https://</c>, <c>ssh://</c>).</summary>
    public string RepoUrl { get; set; } = string.Empty;

    public string Branch { get; set; } = "main";

    /// <summary>Where the transitioner keeps its bare mirror of the repo.</summary>
    public string CheckoutPath { get; set; } = string.Empty;

    /// <summary>The deployer's base URL (for <c>SourceClean</c>); null when there is no deployer.</summary>
    public string? DeployerUrl { get; set; }

    /// <summary>
    /// More deployers' base URLs, read together with <see cref="DeployerUrl"/> (hub-and-spoke: one deployer per cluster,
    /// each deploying some environments); each environment's status is taken from the deployer that leads it.
    /// </summary>
    public IList<string> DeployerUrls { get; init; } = [];

    /// <summary><see cref="DeployerUrl"/> and <see cref="DeployerUrls"/>, each once, in that order.</summary>
    internal IReadOnlyList<string> AllDeployerUrls =>
        [.. new[] { DeployerUrl }.Concat(DeployerUrls).OfType<string>().Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.Ordinal)];

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Port of the HTTP API; 0 picks a free one.</summary>
    public int ApiPort { get; set; } = 8082;

    /// <summary>Base URLs of daemons told <c>POST /api/refresh</c> after each promotion.</summary>
    public IList<string> NotifyUrls { get; init; } = [];

    /// <summary>Secret of git host push webhooks, or null to accept unsigned ones.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How long reading the deployer's status may take.</summary>
    public TimeSpan DeployerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a stop (SIGTERM) lets the round in flight finish its commit and push before it is abandoned (cancelled
    /// before or during the push: the promotion is then in git entirely or not at all). Keep it under the pod's
    /// <c>terminationGracePeriodSeconds</c>.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Leader election among replicas (off by default): only the holder of the Lease runs rounds.</summary>
    public LeaderElectionOptions LeaderElection { get; set; } = new() { LeaseName = "dm-transitioner" };

    /// <summary>Problems that make these options unusable (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(RepoUrl))
        {
            errors.Add("Transitioner:RepoUrl is required (the resource repo's remote URL)");
        }

        if (string.IsNullOrWhiteSpace(CheckoutPath))
        {
            errors.Add("Transitioner:CheckoutPath is required (a directory for the local mirror)");
        }

        if (string.IsNullOrWhiteSpace(Branch))
        {
            errors.Add("Transitioner:Branch must not be empty");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"Transitioner:PollInterval must be positive, not {PollInterval}");
        }

        if (DeployerTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Transitioner:DeployerTimeout must be positive, not {DeployerTimeout}");
        }

        if (ApiPort is < 0 or > 65535)
        {
            errors.Add($"Transitioner:ApiPort must be 0..65535, not {ApiPort}");
        }

        if (DeployerUrl is not null && !IsHttpUrl(DeployerUrl))
        {
            errors.Add($"Transitioner:DeployerUrl \"{DeployerUrl}\" is not an absolute http(s) URL");
        }

        foreach (var url in DeployerUrls.Where(u => !IsHttpUrl(u)))
        {
            errors.Add($"Transitioner:DeployerUrls entry \"{url}\" is not an absolute http(s) URL");
        }

        foreach (var url in NotifyUrls.Where(u => !IsHttpUrl(u)))
        {
            errors.Add($"Transitioner:NotifyUrls entry \"{url}\" is not an absolute http(s) URL");
        }

        if (ShutdownGrace < TimeSpan.Zero)
        {
            errors.Add($"Transitioner:ShutdownGrace must not be negative, not {ShutdownGrace}");
        }

        errors.AddRange(LeaderElection.Validate("Transitioner:LeaderElection"));
        return errors;
    }

    internal static Uri BaseUri(string url) => new(url.EndsWith('/') ? url : url + "/");

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
