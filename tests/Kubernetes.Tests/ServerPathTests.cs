using System.Net;
using System.Net.Sockets;
using System.Text;
using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

/// <summary>
/// A cluster <c>server</c> URL with a path (Rancher, API proxies) must prefix every request path. A raw loopback
/// socket records the request lines the client really sends (the simulator serves only at the root).
/// </summary>
public sealed class ServerPathTests
{
    [Fact]
    public async Task Requests_go_under_the_path_of_the_server_url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var requestLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = connection.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                requestLines.Enqueue(await reader.ReadLineAsync(stop.Token) ?? string.Empty);
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(stop.Token)))
                {
                }

                const string Body = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"proxy says no","reason":"ServiceUnavailable","code":503}""";
                var response = $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), stop.Token);
            }
        });
        var endpoint = new ClusterEndpoint(new Uri($"http://127.0.0.1:{port}/k8s/clusters/c-42"), "proxied", "default", [], false, null, new ClusterCredentials.Anonymous(), null);
        using var client = new KubernetesRestClient(endpoint, new KubernetesClientOptions { Retry = RetryPolicy.None });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync(new ResourceKey(string.Empty, "ConfigMap", "default", "x"), CancellationToken.None));
        await stop.CancelAsync();
        listener.Stop();
        await Task.WhenAny(server, Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.Equal(503, error.Code);
        Assert.Contains("proxy says no", error.Message, StringComparison.Ordinal);
        Assert.Contains("GET /k8s/clusters/c-42/api HTTP/1.1", requestLines);
        Assert.Contains("GET /k8s/clusters/c-42/apis HTTP/1.1", requestLines);
    }
}
