using System.CommandLine;
using System.Globalization;
using Dm.Transitioner.Execution;
using Dm.Transitioner.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Hosting;

/// <summary>
/// The command line: <c>serve</c> (default) runs the daemon, <c>run --once</c> performs one round, <c>plan [--at time]</c>
/// prints what every transition would do at that time and why, without committing. Other arguments
/// (<c>--Transitioner:RepoUrl=...</c>) go to ASP.NET configuration, as do <c>appsettings.json</c> and environment variables.
/// </summary>
public static class TransitionerCli
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out);

    /// <summary>Runs the command line, printing <c>plan</c> and <c>run --once</c> results to <paramref name="output"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output)
    {
        var root = new RootCommand("DM transitioner: promotes versions between environments of a resource repo.") { TreatUnmatchedTokensAsErrors = false };
        var serve = new Command("serve", "Run the daemon (default).") { TreatUnmatchedTokensAsErrors = false };
        var run = new Command("run", "Run rounds without the HTTP API.") { TreatUnmatchedTokensAsErrors = false };
        var once = new Option<bool>("--once") { Description = "Perform one round and exit." };
        run.Add(once);
        var plan = new Command("plan", "Print what every transition would do, without committing.") { TreatUnmatchedTokensAsErrors = false };
        var at = new Option<DateTimeOffset?>("--at") { Description = "The time to plan for (ISO 8601, e.g. 2026-11-23T06:00:00+01:00); default now." };
        plan.Add(at);
        root.Add(serve);
        root.Add(run);
        root.Add(plan);

        root.SetAction((result, ct) => ServeAsync(Rest(result), ct));
        serve.SetAction((result, ct) => ServeAsync(Rest(result), ct));
        run.SetAction((result, ct) => result.GetValue(once) ? RoundAsync(Rest(result), commit: true, null, output, ct) : ServeAsync(Rest(result), ct));
        plan.SetAction((result, ct) => RoundAsync(Rest(result), commit: false, result.GetValue(at), output, ct));
        return root.Parse(args).InvokeAsync();
    }

    /// <summary>Prints a round's outcomes: one block per transition with result, reason, message and pending moves.</summary>
    public static void Print(RoundResult result, TextWriter output)
    {
        output.WriteLine($"revision {result.Revision}");
        foreach (var outcome in result.Outcomes)
        {
            var verb = outcome.Commit is null && outcome.Decision is TransitionDecision.Promote ? "WouldPromote" : outcome.Decision.Result.ToString();
            output.WriteLine($"{outcome.Name} ({outcome.Source} → {outcome.Target}): {verb}{(outcome.Reason is null ? string.Empty : $" [{outcome.Reason}]")}");
            output.WriteLine($"  {outcome.Message}");
            foreach (var move in outcome.Decision.Pending)
            {
                output.WriteLine($"  - {TransitionPolicy.FormatMove(move)}");
            }

            if (outcome.Commit is not null)
            {
                output.WriteLine($"  commit {outcome.Commit}");
            }

            if (outcome.Decision.NextScheduled is { } next)
            {
                output.WriteLine($"  next scheduled {next.ToString("O", CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static string[] Rest(ParseResult result) => [.. result.UnmatchedTokens];

    private static async Task<int> ServeAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddTransitioner(builder.Configuration);
        var app = builder.Build();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TransitionerOptions>>().Value;
        if (options.ApiPort > 0 && builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
        {
            app.Urls.Add($"http://0.0.0.0:{options.ApiPort}");
        }

        app.MapTransitioner();
        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static async Task<int> RoundAsync(string[] args, bool commit, DateTimeOffset? at, TextWriter output, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddTransitioner(builder.Configuration, runLoop: false);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var daemon = host.Services.GetRequiredService<TransitionerDaemon>();
        var result = await daemon.RunRoundAsync(commit, at, cancellationToken);
        Print(result, output);
        await host.StopAsync(cancellationToken);
        return result.Outcomes.Any(o => o.Decision is TransitionDecision.Invalid) ? 1 : 0;
    }
}
