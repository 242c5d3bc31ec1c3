using System.CommandLine;
using Dm.Deployer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dm.Deployer.Cli;

/// <summary>
/// The deployer's command line: <c>serve</c> (the daemon, default), <c>check</c> (render every environment),
/// <c>diff</c> (server-side dry-run against the clusters), <c>deploy --once</c> (one round, then exit).
/// Every command reads the same configuration: <c>--config</c> file (JSON or YAML), then <c>DM_DEPLOYER_*</c> and
/// <c>Deployer__*</c> environment variables.
/// </summary>
public static class DeployerCli
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (JSON or YAML) with a Deployer section." };
        var once = new Option<bool>("--once") { Description = "Run one reconcile round of every environment, print the states and exit." };

        var serve = new Command("serve", "Run the deployer daemon (default).");
        serve.SetAction((parse, ct) => ServeAsync(args, parse.GetValue(config), ct));

        var check = new Command("check", "Render every environment at the branch head; print errors with file and reason; exit 1 on any.");
        check.SetAction((parse, ct) => WithOptionsAsync(parse.GetValue(config), error, options => CliCommands.CheckAsync(options, output, error, ct)));

        var diff = new Command("diff", "Server-side dry-run of every environment; print a unified diff per changed object (errors on stderr); exit 0 no differences, 2 differences, 1 any error.");
        diff.SetAction((parse, ct) => WithOptionsAsync(parse.GetValue(config), error, options => CliCommands.DiffAsync(options, output, error, ct)));

        var deploy = new Command("deploy", "Deploy every environment.") { once };
        deploy.SetAction((parse, ct) => parse.GetValue(once)
            ? WithOptionsAsync(parse.GetValue(config), error, options => CliCommands.DeployOnceAsync(options, output, error, ct))
            : ServeAsync(args, parse.GetValue(config), ct));

        var root = new RootCommand("DM deployer: reconciles each environment of the resource repo to its cluster.") { serve, check, diff, deploy };
        root.Options.Add(config);
        config.Recursive = true;
        root.SetAction((parse, ct) => ServeAsync(args, parse.GetValue(config), ct));
        var result = root.Parse(args);
        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    /// <summary>Reads and validates the options for a one-shot command.</summary>
    public static DeployerOptions Load(string? configFile)
    {
        var configuration = Configure(new ConfigurationBuilder(), configFile).Build();
        var options = new DeployerOptions();
        configuration.GetSection(DeployerOptions.Section).Bind(options);
        var problems = DeployerOptionsValidator.Problems(options);
        return problems.Count == 0 ? options : throw new OptionsValidationException(DeployerOptions.Section, typeof(DeployerOptions), problems);
    }

    private static async Task<int> WithOptionsAsync(string? configFile, TextWriter error, Func<DeployerOptions, Task<int>> run)
    {
        DeployerOptions options;
        try
        {
            options = Load(configFile);
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                error.WriteLine($"configuration: {failure}");
            }

            return 1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or InvalidOperationException or YamlDotNet.Core.YamlException)
        {
            error.WriteLine($"configuration: {ex.Message}");
            return 1;
        }

        return await run(options);
    }

    private static IConfigurationBuilder Configure(IConfigurationBuilder builder, string? configFile)
    {
        if (!string.IsNullOrEmpty(configFile))
        {
            var full = Path.GetFullPath(configFile);
            if (full.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                builder.Add(new YamlConfigurationSource(full));
            }
            else
            {
                builder.AddJsonFile(full, optional: false);
            }
        }

        builder.AddEnvironmentVariables();
        builder.AddEnvironmentVariables("DM_DEPLOYER_");
        return builder;
    }

    private static async Task<int> ServeAsync(string[] args, string? configFile, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        Configure(builder.Configuration, configFile);
        builder.Services.AddDeployer(builder.Configuration);
        var port = builder.Configuration.GetSection(DeployerOptions.Section).GetValue<int?>(nameof(DeployerOptions.Port)) ?? 5081;
        builder.WebHost.UseKestrel(k => k.ListenAnyIP(port));
        await using var app = builder.Build();
        app.MapDeployer();
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
