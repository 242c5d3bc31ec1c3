using System.Net;
using System.Net.Sockets;

namespace Dm.Kubernetes.Tests;

/// <summary>
/// A loopback TCP relay in front of a server, so a test can cut every open connection (with a reset, as a failing
/// load balancer does) and watch the client recover over the real wire.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private int _accepted;

    public TcpRelay(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Resets every connection open right now; new ones are relayed as before.</summary>
    public void DropAll()
    {
        lock (_gate)
        {
            foreach (var connection in _open)
            {
                // A pump may have closed it already (its Socket is then gone or disposed).
                if (connection.Client is { } socket)
                {
                    try
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }

                connection.Close();
            }

            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        await Task.WhenAny(_accepting, Task.Delay(TimeSpan.FromSeconds(5)));
        _stop.Dispose();
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var upstream = new TcpClient();
                await upstream.ConnectAsync(_target, _stop.Token);
                Interlocked.Increment(ref _accepted);
                lock (_gate)
                {
                    _open.Add(client);
                    _open.Add(upstream);
                }

                _ = PumpAsync(client, upstream, _stop.Token);
                _ = PumpAsync(upstream, client, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
