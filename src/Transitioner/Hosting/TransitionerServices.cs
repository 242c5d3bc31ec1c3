using Dm.Hosting.Election;
using Dm.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dm.Transitioner.Hosting;

/// <summary>Registers the transitioner in a host.</summary>
public static class TransitionerServices
{
    /// <summary>Binds <see cref="TransitionerOptions"/> from <paramref name="configuration"/>'s <c>Transitioner</c> section (validated at start) and adds the daemon and its loop.</summary>
    public static IServiceCollection AddTransitioner(this IServiceCollection services, IConfiguration configuration, bool runLoop = true)
    {
        services.AddOptions<TransitionerOptions>()
            .Bind(configuration.GetSection(TransitionerOptions.Section))
            .ValidateOnStart();
        return services.AddTransitionerCore(runLoop);
    }

    /// <summary>Adds the daemon with <paramref name="options"/> given in code (the playground composes daemons this way).</summary>
    public static IServiceCollection AddTransitioner(this IServiceCollection services, TransitionerOptions options, bool runLoop = true)
    {
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TransitionerOptions), errors);
        }

        services.AddSingleton(Options.Create(options));
        return services.AddTransitionerCore(runLoop);
    }

    private static IServiceCollection AddTransitionerCore(this IServiceCollection services, bool runLoop)
    {
        services.AddSingleton<IValidateOptions<TransitionerOptions>, TransitionerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TransitionerDaemon>();
        services.ConfigureHttpJsonOptions(o => DmJson.Configure(o.SerializerOptions));
        if (runLoop)
        {
            // The elector first: hosts stop services in reverse order, so the loop finishes its round before the Lease is released.
            services.AddLeaderElection(sp => sp.GetRequiredService<IOptions<TransitionerOptions>>().Value.LeaderElection);
            services.AddOptions<HostOptions>().Configure<IOptions<TransitionerOptions>>((host, transitioner) =>
                host.ShutdownTimeout = transitioner.Value.ShutdownGrace + transitioner.Value.LeaderElection.RetryPeriod + TimeSpan.FromSeconds(5));
            services.AddHostedService<TransitionerWorker>();
        }
        else
        {
            services.AddSingleton(Leadership.Unelected());
        }

        return services;
    }

    private sealed class TransitionerOptionsValidator : IValidateOptions<TransitionerOptions>
    {
        public ValidateOptionsResult Validate(string? name, TransitionerOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
