using System.Collections.Concurrent;
using Dm.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dm.Aggregator.Tests;

/// <summary>
/// A notification receiver on a loopback port (a real HTTP server, never a mocked client): records every request with
/// its headers and exact body, answers the statuses queued in <see cref="Answers"/> (then 200), and holds requests while
/// <see cref="Hang"/> is set until <see cref="Release"/>.
/// </summary>
internal sealed class ReceiverStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReceiverStub(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<int> Answers { get; } = new();

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public bool Hang { get; set; }

    /// <summary>Requests that arrived and are being held.</summary>
    public int Held => _held;

    private int _held;

    public static async Task<ReceiverStub> StartAsync()
    {
        ReceiverStub? stub = null;
        var (app, address) = await LoopbackDaemonApp.StartAsync(LoopbackDaemonApp.CreateBuilder(0, null, null), app => app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            stub!.Requests.Enqueue(new ReceivedRequest(http.Request.Path + http.Request.QueryString, headers, body.ToArray()));
            if (stub.Hang)
            {
                Interlocked.Increment(ref stub._held);
                await stub._released.Task.WaitAsync(http.RequestAborted);
            }

            return Results.StatusCode(stub.Answers.TryDequeue(out var status) ? status : 200);
        }), CancellationToken.None);
        stub = new ReceiverStub(app, address);
        return stub;
    }

    /// <summary>Lets every held request answer and stops holding new ones.</summary>
    public void Release()
    {
        Hang = false;
        _released.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
