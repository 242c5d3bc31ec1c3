using System.ComponentModel.DataAnnotations;

namespace Dm.Deployer;

/// <summary>
/// The deployer's configuration, bound from the <c>Deployer</c> section of the configuration (a YAML/JSON file plus
/// environment variables such as <c>Deployer__RepoUrl</c>) and validated at start.
/// </summary>
public sealed class DeployerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Deployer";

    /// <summary>URL or path of the resource repo.</summary>
    [Required]
    public string RepoUrl { get; set; } = string.Empty;

    /// <summary>Branch to deploy from.</summary>
    [Required]
    public string Branch { get; set; } = "main";

    /// <summary>Where the deployer keeps its bare mirror of the resource repo.</summary>
    [Required]
    public string CheckoutPath { get; set; } = string.Empty;

    /// <summary>How often the repo is fetched when no refresh is requested.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a <c>git fetch</c> of the resource repo may take; a stalled one is stopped and reported as <c>FetchFailed</c>.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Daemons told <c>POST &lt;url&gt;/api/refresh</c> when an environment's state or revision changes (the transitioner,
    /// so a <c>SourceClean</c> promotion runs when the source turns Clean, not at its next poll; the aggregator).
    /// </summary>
    public IList<Uri> NotifyUrls { get; } = [];

    /// <summary>
    /// The environments this deployer deploys (hub-and-spoke: one deployer per cluster, each naming its cluster's
    /// environments); empty: every environment of <c>deployers.yaml</c>. The others are neither deployed nor reported.
    /// </summary>
    public IList<string> Environments { get; } = [];

    /// <summary>
    /// Base URLs of this deployer's other replicas, or of a headless Service whose name resolves to every replica (e.g.
    /// <c>http://dm-deployer-peers.dm.svc:5081/</c>). With leader election a replica's <c>GET /api/status</c> takes each
    /// environment it does not lead from the replica that leads it, so any replica behind the Service answers the
    /// leaders' view (<c>?scope=local</c>: this replica's own view). Empty: no peers are asked.
    /// </summary>
    public IList<Uri> Peers { get; } = [];

    /// <summary>Default kubeconfig for targets that name none; empty: in-cluster config or kubectl's default files.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Server-side apply field manager.</summary>
    [Required]
    public string FieldManager { get; set; } = "dm-deployer";

    /// <summary>Applies in flight at once per environment (within one kind group).</summary>
    [Range(1, 256)]
    public int ApplyConcurrency { get; set; } = 8;

    /// <summary>Secret of git host push webhooks (HMAC or token); empty: unsigned webhooks are accepted.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How often an environment whose rollouts are in progress is re-assessed.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First delay before retrying an environment with failed applies or an unreachable cluster.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Cap of the retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts of one cluster request on 5xx, 429 and connection errors before the round gives up on it.</summary>
    [Range(1, 20)]
    public int ClusterRequestAttempts { get; set; } = 4;

    /// <summary>Longest wait between attempts of one cluster request (also caps the server's Retry-After).</summary>
    public TimeSpan ClusterRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for one cluster request.</summary>
    public TimeSpan ClusterRequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the informer (list + watch) of a kind in a namespace runs on after no environment of its cluster deploys
    /// or prunes that kind there any more. At least three poll intervals are used, so a live environment's informers
    /// never stop between its rounds.
    /// </summary>
    public TimeSpan InformerIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The idle time after which an informer nobody uses is stopped: <see cref="InformerIdleTimeout"/>, at least three <see cref="PollInterval"/>s.</summary>
    internal TimeSpan EffectiveInformerIdleTimeout => InformerIdleTimeout > 3 * PollInterval ? InformerIdleTimeout : 3 * PollInterval;

    /// <summary>Port of the HTTP API when run as a process (the playground picks its own).</summary>
    public int Port { get; set; } = 5081;

    /// <summary>
    /// Leader election among replicas (off by default), one Lease per environment named <c>&lt;LeaseName&gt;-&lt;environment&gt;</c>:
    /// only its holder applies, prunes and corrects drift in that environment.
    /// </summary>
    public Dm.Hosting.Election.LeaderElectionOptions LeaderElection { get; set; } = new() { LeaseName = "dm-deployer" };
}
