using System.Diagnostics;
using System.Text;

namespace Dm.ClusterSimulator.Tests;

/// <summary>Runs the installed kubectl against a kubeconfig, with a fresh HOME so no discovery cache or config leaks in.</summary>
public sealed class Kubectl : IDisposable
{
    private readonly string _home;

    public Kubectl(Func<string, string> writeKubeconfig)
    {
        _home = Directory.CreateTempSubdirectory("dm-kubectl-").FullName;
        KubeconfigPath = writeKubeconfig(Path.Combine(_home, "kubeconfig"));
    }

    public string KubeconfigPath { get; }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public async Task<Result> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public async Task<Result> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Start(args, redirectInput: stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (e.g. <c>get -w</c>); the caller reads its output and kills it.</summary>
    public Process Start(string[] args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(KubeconfigPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = _home;
        info.Environment.Remove("KUBECONFIG");
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl child may still hold its cache open; the temp directory is left behind.
        }
    }
}
