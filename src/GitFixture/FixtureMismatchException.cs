namespace Dm.GitFixture;

/// <summary>Thrown by <see cref="FixtureRepository.AssertRefMatchesAsync"/>; the message is the readable diff.</summary>
public sealed class FixtureMismatchException : Exception
{
    public FixtureMismatchException()
    {
    }

    public FixtureMismatchException(string message)
        : base(message)
    {
    }

    public FixtureMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
