using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Dm.Git;

/// <summary>
/// One long-lived <c>git cat-file --batch-command --buffer</c> process per repository: requests are pipelined
/// (all ids written, then <c>flush</c>) while responses are read, so thousands of blobs cost one round trip.
/// Thread-safe; a process that died or was interrupted is replaced on the next read.
/// </summary>
internal sealed class CatFileBatch(GitCommandRunner runner, string gitDirectory, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private GitProcess? _process;
    private GitOutputReader? _reader;
    private long _processStarts;
    private long _objectsRead;

    public long ProcessStarts => Interlocked.Read(ref _processStarts);

    public long ObjectsRead => Interlocked.Read(ref _objectsRead);

    /// <summary>The operating-system id of the running cat-file process, if one runs.</summary>
    public int? ProcessId => _process?.Id;

    public async Task<IReadOnlyList<byte[]>> ReadAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        if (objectIds.Count == 0)
        {
            return [];
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await ReadCoreAsync(objectIds, cancellationToken);
                }
                catch (Exception e) when (attempt == 1 && e is IOException or EndOfStreamException or ObjectDisposedException)
                {
                    logger.LogWarning(e, "git cat-file process in {GitDirectory} died; restarting it", gitDirectory);
                    await StopAsync();
                }
                catch (OperationCanceledException)
                {
                    // The protocol is mid-response; a fresh process is the only safe state.
                    await StopAsync();
                    throw;
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync();
        try
        {
            await StopAsync();
        }
        finally
        {
            _lock.Release();
            _lock.Dispose();
        }
    }

    private async Task<IReadOnlyList<byte[]>> ReadCoreAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        if (_process is null || _reader is null || _process.HasExited)
        {
            await StopAsync();
            _process = runner.Start(new GitCommand(["cat-file", "--batch-command", "--buffer"], gitDirectory));
            _reader = new GitOutputReader(_process.StandardOutput);
            Interlocked.Increment(ref _processStarts);
            logger.LogDebug("Started git cat-file batch process in {GitDirectory}", gitDirectory);
        }

        var process = _process;
        var reader = _reader;
        var write = WriteRequestsAsync(process.StandardInput, objectIds, cancellationToken);
        var results = new byte[objectIds.Count][];
        string? missing = null;
        for (var i = 0; i < objectIds.Count; i++)
        {
            var header = await reader.ReadTokenAsync((byte)'\n', cancellationToken)
                ?? throw new EndOfStreamException("git cat-file ended its output");
            var parts = header.Split(' ');
            if (parts.Length == 3 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                results[i] = await reader.ReadExactAsync(size, cancellationToken);
                await reader.SkipByteAsync(cancellationToken);
                Interlocked.Increment(ref _objectsRead);
            }
            else
            {
                missing ??= header;
                results[i] = [];
            }
        }

        await write;
        if (missing is not null)
        {
            throw new GitCommandException("cat-file", -1, missing, $"git cat-file in '{gitDirectory}' could not read an object: {missing}");
        }

        return results;
    }

    private static async Task WriteRequestsAsync(Stream input, IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(objectIds.Count * 50);
        foreach (var id in objectIds)
        {
            text.Append("contents ").Append(id).Append('\n');
        }

        text.Append("flush\n");
        await input.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await input.FlushAsync(cancellationToken);
    }

    private async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = null;
        _reader = null;
    }
}
