return await Dm.Transitioner.Hosting.TransitionerCli.RunAsync(args);

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
