using Dm.Aggregator;

return await AggregatorCommand.Create().Parse(args).InvokeAsync();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
