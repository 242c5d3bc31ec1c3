using Dm.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;

using Microsoft.Extensions.Time.Testing;

namespace Dm.Kubernetes.Tests;

public sealed class ClusterAuthorizationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClusterEndpoint WithCredentials(ClusterCredentials credentials) =>
        new(new Uri("https://127.0.0.1:6443"), "test", "default", [], false, null, credentials, null);

    [Fact]
    public async Task A_token_file_is_reread_after_the_refresh_interval_and_after_a_401()
    {
        var path = _dir.Write("token", "first\n");
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var authorization = new ClusterAuthorization(WithCredentials(new ClusterCredentials.BearerTokenFile(path, TimeSpan.FromMinutes(1))), new KubernetesClientOptions(), time, NullLogger.Instance);

        var first = await authorization.GetAsync(CancellationToken.None);
        File.WriteAllText(path, "second");
        var cached = await authorization.GetAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(61));
        var reread = await authorization.GetAsync(CancellationToken.None);
        File.WriteAllText(path, "third");
        var refreshed = authorization.Refresh(reread);
        var afterRejection = await authorization.GetAsync(CancellationToken.None);

        Assert.Equal("Bearer first", first.Header?.ToString());
        Assert.Equal("Bearer first", cached.Header?.ToString());
        Assert.Equal("Bearer second", reread.Header?.ToString());
        Assert.True(refreshed);
        Assert.Equal("Bearer third", afterRejection.Header?.ToString());
    }

    [Fact]
    public async Task An_empty_token_file_is_reported_with_its_path()
    {
        var path = _dir.Write("token", "  \n");
        using var authorization = new ClusterAuthorization(WithCredentials(new ClusterCredentials.BearerTokenFile(path, TimeSpan.FromMinutes(1))), new KubernetesClientOptions(), TimeProvider.System, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ClusterCredentialException>(() => authorization.GetAsync(CancellationToken.None).AsTask());

        Assert.Equal($"token file {path}: is empty", error.Message);
    }

    [Fact]
    public async Task Fixed_tokens_and_basic_auth_cannot_be_refreshed_after_a_401()
    {
        using var bearer = new ClusterAuthorization(WithCredentials(new ClusterCredentials.BearerToken("t")), new KubernetesClientOptions(), TimeProvider.System, NullLogger.Instance);
        using var basic = new ClusterAuthorization(WithCredentials(new ClusterCredentials.Basic("admin", "pw")), new KubernetesClientOptions(), TimeProvider.System, NullLogger.Instance);

        var bearerTicket = await bearer.GetAsync(CancellationToken.None);
        var basicTicket = await basic.GetAsync(CancellationToken.None);

        Assert.Equal("Bearer t", bearerTicket.Header?.ToString());
        Assert.Equal("Basic YWRtaW46cHc=", basicTicket.Header?.ToString());
        Assert.False(bearer.Refresh(bearerTicket));
        Assert.False(basic.Refresh(basicTicket));
    }
}
