using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Dm.Aggregator;

/// <summary>The command line: <c>dm-aggregator [--config file.yaml|json] [--urls http://...]</c>; everything else comes from configuration.</summary>
public static class AggregatorCommand
{
    public static RootCommand Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "JSON config file (options under 'aggregator' or at the root); environment variables DM_AGGREGATOR__* override." };
        var urls = new Option<string?>("--urls") { Description = "Listen URLs, e.g. http://0.0.0.0:8080." };
        var root = new RootCommand("DM aggregator: the API for CI, operators and the UI.") { config, urls };

        // ASP.NET Core's own switches (--environment, --contentRoot, ...) pass through to the host.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(async (result, cancellationToken) =>
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = result.UnmatchedTokens.ToArray() });
            if (result.GetValue(config) is { } file)
            {
                builder.Configuration.AddJsonFile(file.FullName, optional: false);
            }

            builder.Configuration.AddEnvironmentVariables("DM_");
            if (result.GetValue(urls) is { } listen)
            {
                builder.WebHost.UseUrls(listen);
            }

            builder.Services.AddAggregator(builder.Configuration);
            await using var app = builder.Build();
            app.MapAggregator();
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return root;
    }
}
