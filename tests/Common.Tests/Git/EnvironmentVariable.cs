namespace Dm.Common.Tests.Git;

/// <summary>Sets environment variables of this process (null removes one) and puts the old values back when disposed.</summary>
internal sealed class EnvironmentVariable : IDisposable
{
    private readonly List<(string Name, string? Old)> _saved = [];

    public EnvironmentVariable(string name, string? value, params (string Name, string? Value)[] more)
    {
        foreach (var (n, v) in more.Prepend((name, value)))
        {
            _saved.Add((n, Environment.GetEnvironmentVariable(n)));
            Environment.SetEnvironmentVariable(n, v);
        }
    }

    public void Dispose()
    {
        foreach (var (name, old) in _saved)
        {
            Environment.SetEnvironmentVariable(name, old);
        }
    }
}
