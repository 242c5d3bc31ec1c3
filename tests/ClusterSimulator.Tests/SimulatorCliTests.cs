namespace Dm.ClusterSimulator.Tests;

/// <summary>The standalone command line's parsing: help, and wrong options refused with exit code 2.</summary>
public sealed class SimulatorCliTests
{
    [Fact]
    public async Task Help_lists_every_option()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SimulatorCli.RunAsync(["--help"], output, error);

        Assert.Equal(0, code);
        foreach (var option in new[] { "--port", "--kubeconfig", "--context", "--tls", "--token", "--speed", "--name" })
        {
            Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--bogus", "'--bogus'")]
    [InlineData("--port", "'--port'")]
    [InlineData("--port nine", "nine")]
    [InlineData("--speed", "'--speed'")]
    [InlineData("--token", "'--token'")]
    public async Task A_wrong_option_says_why_and_exits_2(string args, string named)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SimulatorCli.RunAsync(args.Split(' '), output, error);

        Assert.Equal(2, code);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("see --help", error.ToString(), StringComparison.Ordinal);
    }
}
