using Dm.Deployer.Cli;

return await DeployerCli.RunAsync(args);

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
