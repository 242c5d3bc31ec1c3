using System.ComponentModel;
using System.Diagnostics;

namespace Dm.Git;

/// <summary>
/// A running git process with redirected streams. Standard error is drained in the background so a chatty git never
/// blocks; disposing kills the process tree if it is still running.
/// </summary>
internal sealed class GitProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _standardError;
    private bool _exited;

    private GitProcess(Process process, GitCommand command)
    {
        _process = process;
        Command = command;
        _standardError = process.StandardError.ReadToEndAsync();
    }

    public GitCommand Command { get; }

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    public Stream StandardInput => _process.StandardInput.BaseStream;

    public bool HasExited => _exited || _process.HasExited;

    public int Id => _process.Id;

    public static GitProcess Start(GitCommand command, GitEnvironment environment)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        environment.ApplyTo(startInfo.Environment);
        foreach (var (name, value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new GitCommandException(command.Subcommand, -1, string.Empty, $"git {command.Subcommand} could not be started (is git installed and on PATH?): {e.Message}");
        }
        catch (IOException e)
        {
            process.Dispose();
            throw new GitCommandException(command.Subcommand, -1, string.Empty, $"git {command.Subcommand} could not be started in '{command.WorkingDirectory}': {e.Message}");
        }

        return new GitProcess(process, command);
    }

    /// <summary>Waits for the process to exit and returns its exit code and standard error; kills the tree when cancelled.</summary>
    public async Task<(int ExitCode, string StandardError)> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        _exited = true;
        var standardError = await _standardError;
        return (_process.ExitCode, standardError);
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            await _standardError.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The process did not go away; nothing more can be done from here.
        }
        catch (IOException)
        {
            // Streams torn down by the kill.
        }

        _process.Dispose();
    }
}
