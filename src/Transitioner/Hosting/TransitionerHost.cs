using Dm.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dm.Transitioner.Hosting;

/// <summary>The transitioner, its loop included, as a <see cref="DaemonHost"/> in this process (playground, tests).</summary>
public static class TransitionerHost
{
    /// <summary>
    /// Starts a transitioner with <paramref name="configure"/>d options on 127.0.0.1:<paramref name="port"/> (which
    /// replaces <see cref="TransitionerOptions.ApiPort"/>). Invalid options throw
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> before anything starts.
    /// </summary>
    public static Task<DaemonHost> StartAsync(
        Action<TransitionerOptions> configure,
        int port,
        CancellationToken cancellationToken,
        TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return DaemonHost.StartAsync(
            port,
            s => s.AddTransitioner(options =>
            {
                configure(options);
                options.ApiPort = port;
            }),
            a => a.MapTransitioner(),
            cancellationToken,
            timeProvider,
            logging);
    }

    extension(DaemonHost host)
    {
        /// <summary>The transitioner's loop and status.</summary>
        public TransitionerDaemon Daemon => host.Services.GetRequiredService<TransitionerDaemon>();
    }
}
