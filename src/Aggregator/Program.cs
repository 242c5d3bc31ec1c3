var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
