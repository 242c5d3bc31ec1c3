using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dm.Hosting;

/// <summary>
/// The one options pattern of the daemons: bind the daemon's options class from configuration (or set it in code),
/// check it with the daemon's validator, and validate at start-up, so bad config fails at boot with every problem named.
/// </summary>
public static class DaemonOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="configuration"/>'s <paramref name="section"/> (or from
    /// the configuration itself when it has no such section), read when the options are first used so configuration added
    /// after this call counts; validated by <typeparamref name="TValidator"/> at start.
    /// </summary>
    public static OptionsBuilder<TOptions> AddDaemonOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddDaemonOptions<TOptions, TValidator>(options =>
        {
            var found = configuration.GetSection(section);
            (found.Exists() ? found : configuration).Bind(options);
        });
    }

    /// <summary>Sets <typeparamref name="TOptions"/> in code (the playground, tests); validated by <typeparamref name="TValidator"/> at start.</summary>
    public static OptionsBuilder<TOptions> AddDaemonOptions<TOptions, TValidator>(this IServiceCollection services, Action<TOptions> configure)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Configure(configure).ValidateOnStart();
    }
}
