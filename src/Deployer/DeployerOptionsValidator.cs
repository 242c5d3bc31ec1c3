using Microsoft.Extensions.Options;

namespace Dm.Deployer;

/// <summary>Checks <see cref="DeployerOptions"/> at start, naming every bad setting.</summary>
internal sealed class DeployerOptionsValidator : IValidateOptions<DeployerOptions>
{
    public ValidateOptionsResult Validate(string? name, DeployerOptions options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IReadOnlyList<string> Problems(DeployerOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RepoUrl))
        {
            problems.Add($"{DeployerOptions.Section}:RepoUrl is required (URL or path of the resource repo).");
        }

        if (string.IsNullOrWhiteSpace(options.CheckoutPath))
        {
            problems.Add($"{DeployerOptions.Section}:CheckoutPath is required (where the deployer keeps its mirror of the repo).");
        }

        if (string.IsNullOrWhiteSpace(options.Branch))
        {
            problems.Add($"{DeployerOptions.Section}:Branch must not be empty.");
        }

        problems.AddRange(options.LeaderElection.Validate($"{DeployerOptions.Section}:LeaderElection"));

        if (string.IsNullOrWhiteSpace(options.FieldManager))
        {
            problems.Add($"{DeployerOptions.Section}:FieldManager must not be empty.");
        }

        Positive(problems, nameof(options.PollInterval), options.PollInterval);
        Positive(problems, nameof(options.InformerIdleTimeout), options.InformerIdleTimeout);
        Positive(problems, nameof(options.FetchTimeout), options.FetchTimeout);
        Positive(problems, nameof(options.HealthCheckInterval), options.HealthCheckInterval);
        Positive(problems, nameof(options.RetryBaseDelay), options.RetryBaseDelay);
        Positive(problems, nameof(options.ClusterRequestTimeout), options.ClusterRequestTimeout);
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            problems.Add($"{DeployerOptions.Section}:RetryMaxDelay ({options.RetryMaxDelay}) must be at least RetryBaseDelay ({options.RetryBaseDelay}).");
        }

        if (options.ApplyConcurrency is < 1 or > 256)
        {
            problems.Add($"{DeployerOptions.Section}:ApplyConcurrency must be between 1 and 256 (is {options.ApplyConcurrency}).");
        }

        if (options.ClusterRequestAttempts is < 1 or > 20)
        {
            problems.Add($"{DeployerOptions.Section}:ClusterRequestAttempts must be between 1 and 20 (is {options.ClusterRequestAttempts}).");
        }

        if (options.Port is < 0 or > 65535)
        {
            problems.Add($"{DeployerOptions.Section}:Port must be between 0 and 65535 (is {options.Port}).");
        }

        foreach (var url in options.NotifyUrls.Where(u => !u.IsAbsoluteUri || u.Scheme is not ("http" or "https")))
        {
            problems.Add($"{DeployerOptions.Section}:NotifyUrls entry \"{url}\" is not an absolute http(s) URL.");
        }

        foreach (var url in options.Peers.Where(u => !u.IsAbsoluteUri || u.Scheme is not ("http" or "https")))
        {
            problems.Add($"{DeployerOptions.Section}:Peers entry \"{url}\" is not an absolute http(s) URL.");
        }

        if (options.Environments.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{DeployerOptions.Section}:Environments must not hold an empty name.");
        }

        return problems;
    }

    private static void Positive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{DeployerOptions.Section}:{name} must be positive (is {value}).");
        }
    }
}
