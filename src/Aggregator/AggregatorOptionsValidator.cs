using Dm.Aggregator.Auth;
using Dm.ResourceRepo;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator;

/// <summary>Refuses a configuration that cannot work, with a message naming the option.</summary>
public sealed class AggregatorOptionsValidator : IValidateOptions<AggregatorOptions>
{
    public ValidateOptionsResult Validate(string? name, AggregatorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RepoUrl))
        {
            failures.Add("aggregator:repoUrl is required (URL or path of the resource repo).");
        }

        if (string.IsNullOrWhiteSpace(options.CheckoutPath))
        {
            failures.Add("aggregator:checkoutPath is required (where the aggregator keeps its mirror of the resource repo).");
        }

        if (string.IsNullOrWhiteSpace(options.Branch))
        {
            failures.Add("aggregator:branch must not be empty.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.StatusInterval <= TimeSpan.Zero || options.HeartbeatInterval <= TimeSpan.Zero)
        {
            failures.Add("aggregator:pollInterval, statusInterval and heartbeatInterval must be positive.");
        }

        if (options.EventBufferSize < 1)
        {
            failures.Add("aggregator:eventBufferSize must be at least 1.");
        }

        switch (options.Auth)
        {
            case AuthModes.None:
                break;
            case AuthModes.Tokens when options.Tokens.Count == 0:
                failures.Add("aggregator:tokens is empty: configure tokens (name, token, role) or set aggregator:auth to 'none' explicitly to open the write endpoints to anyone.");
                break;
            case AuthModes.Tokens:
                foreach (var (token, index) in options.Tokens.Select((t, i) => (t, i)))
                {
                    if (string.IsNullOrWhiteSpace(token.Name))
                    {
                        failures.Add($"aggregator:tokens:{index}:name is required (it becomes the commit author).");
                    }

                    if (token.Token.Length < 16)
                    {
                        failures.Add($"aggregator:tokens:{index}:token must be at least 16 characters.");
                    }
                }

                if (options.Tokens.GroupBy(t => t.Token, StringComparer.Ordinal).Any(g => g.Count() > 1))
                {
                    failures.Add("aggregator:tokens contains the same token twice.");
                }

                break;
            default:
                failures.Add($"aggregator:auth is '{options.Auth}'; use '{AuthModes.Tokens}' or '{AuthModes.None}'.");
                break;
        }

        var urls = new[] { ("aggregator:deployerUrl", options.DeployerUrl), ("aggregator:transitionerUrl", options.TransitionerUrl) }
            .Concat(options.DeployerUrls.Select((u, i) => ($"aggregator:deployerUrls:{i}", (Uri?)u)))
            .Concat(options.NotifyUrls.Select((u, i) => ($"aggregator:notifyUrls:{i}", (Uri?)u)));
        foreach (var (key, url) in urls)
        {
            if (url is not null && !(url.IsAbsoluteUri && url.Scheme is "http" or "https"))
            {
                failures.Add($"{key} '{url}' is not an absolute http(s) URL.");
            }
        }

        failures.AddRange(options.LeaderElection.Validate("aggregator:leaderElection"));
        foreach (var env in options.CiEnvironments.Where(e => !RepoNames.IsDnsLabel(e)))
        {
            failures.Add($"aggregator:ciEnvironments: '{env}' is not {RepoNames.LabelRule}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
