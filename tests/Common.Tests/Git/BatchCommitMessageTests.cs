using Dm.Git;

namespace Dm.Common.Tests.Git;

public sealed class BatchCommitMessageTests
{
    private const string Version = "New version s1 42\n\nFix login\n\nDM-Action: new-version\nDM-Resource: s1\nDM-Version: 42\n";
    private const string Lock = "Lock environment prod\n\nincident\n\nDM-Action: lock\nDM-Environment: prod\n";
    private const string Promotion = "Promote s1 42 to dev\n\ns1: 41 → 42 (from latest)\n\nDM-Action: promotion\nDM-Move: s1 41 -> 42\n";

    [Fact]
    public void A_batch_keeps_every_message_as_a_section_and_counts_them()
    {
        var message = BatchCommitMessage.Format([Version, Lock, Promotion]);

        Assert.StartsWith("3 changes: New version s1 42; Lock environment prod; Promote s1 42 to dev\n\n", message, StringComparison.Ordinal);
        Assert.EndsWith("\n\nDM-Changes: 3\n", message, StringComparison.Ordinal);
        Assert.Equal([Version, Lock, Promotion], BatchCommitMessage.Sections(message));
        Assert.Equal([new CommitTrailer("DM-Changes", "3")], CommitMessage.ParseTrailers(message));
    }

    [Fact]
    public void A_single_message_is_left_as_it_is_and_reads_as_one_section()
    {
        Assert.Equal(Version, BatchCommitMessage.Format([Version]));
        Assert.Equal([Version], BatchCommitMessage.Sections(Version));
        Assert.Equal(["Manual edit\n\nDM-Changes: 2\n"], BatchCommitMessage.Sections("Manual edit\n\nDM-Changes: 2\n"));
    }

    [Fact]
    public void A_batch_whose_sections_do_not_add_up_reads_as_one_message()
    {
        var message = BatchCommitMessage.Format([Version, Lock]).Replace("DM-Changes: 2", "DM-Changes: 3", StringComparison.Ordinal);

        Assert.Equal([message], BatchCommitMessage.Sections(message));
    }

    [Theory]
    [InlineData("No trailers at all", false)]
    [InlineData("Subject\n\nSigned-off-by: x\n", false)]
    [InlineData("Subject\n\nDM-Action: lock\nDM-By: x\n\nDM-Action: unlock\n", false)]
    [InlineData("Subject\n\nbody: looks like a trailer\n\nDM-Action: lock\n", true)]
    public void Only_messages_that_can_be_told_apart_again_can_be_sections(string message, bool expected)
    {
        Assert.Equal(expected, BatchCommitMessage.CanBeSection(message));
        if (!expected)
        {
            Assert.Throws<ArgumentException>(() => BatchCommitMessage.Format([Lock, message]));
        }
    }

    [Fact]
    public void Long_subjects_are_cut()
    {
        var message = BatchCommitMessage.Format(Enumerable.Repeat(Lock, 40).ToList());

        var subject = message.Split('\n')[0];
        Assert.Equal(BatchCommitMessage.MaxSubjectLength, subject.Length);
        Assert.EndsWith("…", subject, StringComparison.Ordinal);
        Assert.Equal(40, BatchCommitMessage.Sections(message).Count);
    }
}
