using Dm.Git;

namespace Dm.Common.Tests.Git;

public sealed class CommitMessageTests
{
    [Fact]
    public void Trailers_are_read_from_the_last_paragraph()
    {
        var trailers = CommitMessage.ParseTrailers("Promote prod\n\ns1: 1 -> 2\n\nDM-Transition: prod\nDM-Source: pp\nDM-Target: prod\n");

        Assert.Equal([new("DM-Transition", "prod"), new("DM-Source", "pp"), new("DM-Target", "prod")], trailers);
    }

    [Fact]
    public void Continuation_lines_are_joined()
    {
        var trailers = CommitMessage.ParseTrailers("Subject\n\nNote: first part\n  second part");

        Assert.Equal([new CommitTrailer("Note", "first part second part")], trailers);
    }

    [Theory]
    [InlineData("Subject: looks like a trailer")]
    [InlineData("Subject\n\nplain body text")]
    [InlineData("Subject\n\nKey: value\nnot a trailer line")]
    [InlineData("")]
    public void Messages_without_a_trailer_paragraph_have_none(string message) =>
        Assert.Empty(CommitMessage.ParseTrailers(message));

    [Theory]
    [InlineData("A", ChangeKind.Added)]
    [InlineData("M", ChangeKind.Modified)]
    [InlineData("D", ChangeKind.Deleted)]
    [InlineData("T", ChangeKind.TypeChanged)]
    [InlineData("R100", ChangeKind.Renamed)]
    [InlineData("C075", ChangeKind.Copied)]
    public void Status_tokens_parse(string token, ChangeKind kind) => Assert.Equal(kind, ChangedPath.ParseKind(token));

    [Theory]
    [InlineData("")]
    [InlineData("AM")]
    [InlineData("Rx")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    public void Other_tokens_are_not_statuses(string token) => Assert.Null(ChangedPath.ParseKind(token));
}
