using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dm.System.Tests;

/// <summary>
/// One built daemon (<c>dotnet Dm.&lt;Name&gt;.dll</c>, started by <see cref="DaemonProcess"/>) run as an OS process of
/// its own on a fixed loopback port, configured only by the config file in its working directory and environment
/// variables, so the test can SIGKILL it and start it again on the same port, mirror and configuration.
/// </summary>
internal sealed class PublishedDaemon(string assembly, string workingDirectory, int port, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) : IDisposable
{
    private Process? _process;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}/");

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the process (again) and waits until its <c>/readyz</c> answers 200.</summary>
    public async Task StartAsync(HttpClient http, TimeSpan timeout)
    {
        Stop();
        _process = DaemonProcess.Start(assembly, workingDirectory, arguments, environment);
        var process = _process;
        await Eventually.HoldsAsync(async () => process.HasExited ? throw new InvalidOperationException($"{assembly} exited with {process.ExitCode} before it was ready") : await ReadyAsync(http), $"{assembly} is ready", timeout);
    }

    /// <summary>SIGKILL: no shutdown code runs, in-flight requests and git commands are cut off where they are.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
    }

    public void Dispose() => Stop();

    private async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(BaseAddress, "readyz"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        _process = null;
    }
}
