using System.Text;

namespace Dm.Git;

/// <summary>Buffered reads of git's binary output: lines, NUL-terminated tokens and exact byte counts.</summary>
internal sealed class GitOutputReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Reads up to (not including) <paramref name="terminator"/>; null at end of stream with nothing read.</summary>
    public async ValueTask<string?> ReadTokenAsync(byte terminator, CancellationToken cancellationToken)
    {
        List<byte>? spill = null;
        while (true)
        {
            var index = Array.IndexOf(_buffer, terminator, _start, _end - _start);
            if (index >= 0)
            {
                string token;
                if (spill is null)
                {
                    token = Encoding.UTF8.GetString(_buffer, _start, index - _start);
                }
                else
                {
                    spill.AddRange(_buffer.AsSpan(_start, index - _start));
                    token = Encoding.UTF8.GetString(spill.ToArray());
                }

                _start = index + 1;
                return token;
            }

            spill ??= [];
            spill.AddRange(_buffer.AsSpan(_start, _end - _start));
            _start = _end;
            if (!await FillAsync(cancellationToken))
            {
                return spill.Count == 0 ? null : Encoding.UTF8.GetString(spill.ToArray());
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes or throws <see cref="EndOfStreamException"/>.</summary>
    public async ValueTask<byte[]> ReadExactAsync(long count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var written = 0;
        while (written < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException($"git output ended after {written} of {count} bytes");
            }

            var take = (int)Math.Min(count - written, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, written, take);
            _start += take;
            written += take;
        }

        return result;
    }

    /// <summary>Skips one byte (a record's trailing newline) or throws <see cref="EndOfStreamException"/>.</summary>
    public async ValueTask SkipByteAsync(CancellationToken cancellationToken)
    {
        if (_start == _end && !await FillAsync(cancellationToken))
        {
            throw new EndOfStreamException("git output ended before a record's last byte");
        }

        _start++;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
