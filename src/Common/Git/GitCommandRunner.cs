using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.Git;

/// <summary>
/// Runs the git command-line client: argument lists (never a shell), a fixed safe environment, standard output and
/// error captured concurrently (no pipe deadlock), cancellation kills the process tree.
/// </summary>
public sealed class GitCommandRunner
{
    private readonly GitEnvironment _environment;
    private readonly ILogger _logger;

    public GitCommandRunner(GitIdentity? committer = null, ILogger? logger = null)
    {
        _environment = new GitEnvironment(committer ?? GitIdentity.Default);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The identity git records as committer unless a command overrides it.</summary>
    public GitIdentity Committer => _environment.Committer;

    /// <summary>Runs git to completion and returns its exit code and output, whatever the exit code.</summary>
    public async Task<GitCommandOutput> RunAsync(GitCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var stopwatch = Stopwatch.StartNew();
        await using var process = GitProcess.Start(command, _environment);
        var standardOutput = new MemoryStream();
        var readOutput = process.StandardOutput.CopyToAsync(standardOutput, cancellationToken);
        var writeInput = WriteInputAsync(process, command.StandardInput, cancellationToken);
        try
        {
            await Task.WhenAll(readOutput, writeInput);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var (exitCode, standardError) = await process.WaitForExitAsync(cancellationToken);
        _logger.LogDebug(
            "git {Subcommand} exited with {ExitCode} in {ElapsedMs} ms",
            command.Subcommand,
            exitCode,
            stopwatch.ElapsedMilliseconds);
        return new GitCommandOutput(exitCode, standardOutput.GetBuffer().AsMemory(0, (int)standardOutput.Length), standardError);
    }

    /// <summary>Runs git and throws <see cref="GitCommandException"/> (with git's stderr, redacted) unless it exits with 0.</summary>
    public async Task<GitCommandOutput> RunCheckedAsync(GitCommand command, CancellationToken cancellationToken)
    {
        var output = await RunAsync(command, cancellationToken);
        if (output.ExitCode != 0)
        {
            throw Failure(command, output, null);
        }

        return output;
    }

    /// <summary>Builds the exception for a failed command, optionally saying what DM was doing (e.g. "fetch from URL").</summary>
    internal GitCommandException Failure(GitCommand command, GitCommandOutput output, string? doing)
    {
        // Lines relayed from the remote ("remote: ...") come padded with blanks; drop them at each line's end.
        var standardError = GitRedaction.Redact(string.Join('\n', output.StandardError.Trim().Split('\n').Select(l => l.TrimEnd())));
        var what = doing ?? $"git {command.Subcommand}";
        _logger.LogWarning(
            "git {Subcommand} failed with exit code {ExitCode} in {WorkingDirectory}: {StandardError}",
            command.Subcommand,
            output.ExitCode,
            command.WorkingDirectory,
            standardError);
        return new GitCommandException(
            command.Subcommand,
            output.ExitCode,
            standardError,
            $"{what} failed (exit code {output.ExitCode}): {(standardError.Length == 0 ? "(no output on stderr)" : standardError)}");
    }

    /// <summary>Starts a long-lived git process whose streams the caller drives (cat-file, log).</summary>
    internal GitProcess Start(GitCommand command) => GitProcess.Start(command, _environment);

    private static async Task WriteInputAsync(GitProcess process, ReadOnlyMemory<byte>? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is { } bytes)
            {
                await process.StandardInput.WriteAsync(bytes, cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // git closed its standard input early (it exited); the exit code and stderr say why.
        }
    }
}
