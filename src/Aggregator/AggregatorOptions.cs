using Dm.Aggregator.Auth;
namespace Dm.Aggregator;

/// <summary>The aggregator's configuration (section <c>aggregator</c>, or the root of its config file).</summary>
public sealed class AggregatorOptions
{
    public const string Section = "aggregator";

    /// <summary>URL (or path) of the resource repo's remote.</summary>
    public string RepoUrl { get; set; } = string.Empty;

    public string Branch { get; set; } = "main";

    /// <summary>Where the aggregator keeps its bare mirror of the resource repo.</summary>
    public string CheckoutPath { get; set; } = string.Empty;

    /// <summary>How often the remote is fetched when nobody asks for a refresh.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the deployer's and transitioner's status are read.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle Server-Sent Events stream gets a heartbeat comment.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Base URL of the deployer (its <c>/api/status</c>); null when there is none.</summary>
    public Uri? DeployerUrl { get; set; }

    /// <summary>
    /// More deployers' base URLs, read together with <see cref="DeployerUrl"/> (hub-and-spoke: one deployer per cluster);
    /// their reports are merged like the transitioner's (<see cref="Dm.Status.DeployerReports.Merge"/>).
    /// </summary>
    public IList<Uri> DeployerUrls { get; } = [];

    /// <summary><see cref="DeployerUrl"/> and <see cref="DeployerUrls"/>, each once, in that order.</summary>
    internal IReadOnlyList<Uri> AllDeployerUrls => [.. new[] { DeployerUrl }.Concat(DeployerUrls).OfType<Uri>().Distinct()];

    /// <summary>Base URL of the transitioner (its <c>/api/status</c>); null when there is none.</summary>
    public Uri? TransitionerUrl { get; set; }

    /// <summary>Daemons told <c>POST &lt;url&gt;/api/refresh</c> after each commit.</summary>
    public IList<Uri> NotifyUrls { get; } = [];

    /// <summary><c>tokens</c> (default) requires <see cref="Tokens"/>; <c>none</c> opens every endpoint and must be explicit.</summary>
    public string Auth { get; set; } = AuthModes.Tokens;

    /// <summary>Bearer tokens and the role each grants.</summary>
    public IList<ApiToken> Tokens { get; } = [];

    /// <summary>When true, read endpoints need a token too (any role).</summary>
    public bool ProtectReads { get; set; }

    /// <summary>Folder of the built UI served at <c>/</c> (SPA fallback to index.html) when it exists.</summary>
    public string? UiFolder { get; set; }

    /// <summary>Secret of git host push webhooks (<c>POST /api/hooks/git</c>); null accepts unsigned hooks.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// Environments <c>POST /api/versions</c> may write (they may be new). Empty: existing environments no transition
    /// targets (the entry points of the chain, e.g. <c>latest</c>).
    /// </summary>
    public IList<string> CiEnvironments { get; } = [];

    /// <summary>Notification delivery and receiver secrets (which events go where is in the repo's <c>notifications.yaml</c>).</summary>
    public Notifications.NotificationOptions Notifications { get; } = new();

    /// <summary>How many Server-Sent Events are kept for <c>Last-Event-ID</c> resume.</summary>
    public int EventBufferSize { get; set; } = 1000;

    /// <summary>
    /// Leader election among replicas (off by default): only the Lease's holder accepts writes; a standby serves reads
    /// and answers writes with 503 <c>NotLeader</c>.
    /// </summary>
    public Dm.Hosting.Election.LeaderElectionOptions LeaderElection { get; set; } = new() { LeaseName = "dm-aggregator" };
}
