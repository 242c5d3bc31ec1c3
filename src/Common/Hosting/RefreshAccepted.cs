namespace Dm.Hosting;

/// <summary>Body of the answer to a refresh request or webhook.</summary>
public sealed record RefreshAccepted(string Status);
