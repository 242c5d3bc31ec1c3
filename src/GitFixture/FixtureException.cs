namespace Dm.GitFixture;

/// <summary>A fixture that cannot be used: the message names the source, the commit and the reason.</summary>
public sealed class FixtureException : Exception
{
    public FixtureException()
    {
    }

    public FixtureException(string message)
        : base(message)
    {
    }

    public FixtureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
