namespace Dm.Aggregator.Tests;

/// <summary>One aggregator shared by a test class whose tests never commit (refusals, auth checks).</summary>
public sealed class SharedApp : IAsyncLifetime
{
    private AggregatorApp? _app;

    internal AggregatorApp App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _app = await AggregatorApp.StartAsync(tokens: true);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
