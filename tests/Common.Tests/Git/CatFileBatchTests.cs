using System.Diagnostics;
using System.Text;
using Dm.Git;
using Dm.GitFixture;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dm.Common.Tests.Git;

public sealed class CatFileBatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_cat_file_process_that_died_is_replaced_on_the_next_read()
    {
        var remote = await FixtureRepository.CreateAsync("commits:\n  - files:\n      a: alpha\n      b: beta\n", _dir.Sub("remote.git"), CancellationToken.None);
        var blobA = PlainGit.Run(remote.GitDirectory, "rev-parse", "main:a").Trim();
        var blobB = PlainGit.Run(remote.GitDirectory, "rev-parse", "main:b").Trim();
        await using var batch = new CatFileBatch(new GitCommandRunner(), remote.GitDirectory, NullLogger.Instance);

        Assert.Equal("alpha", Encoding.UTF8.GetString((await batch.ReadAsync([blobA], CancellationToken.None))[0]));
        using (var process = Process.GetProcessById(batch.ProcessId!.Value))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var after = await batch.ReadAsync([blobB, blobA], CancellationToken.None);

        Assert.Equal(["beta", "alpha"], after.Select(b => Encoding.UTF8.GetString(b)));
        Assert.Equal(2, batch.ProcessStarts);
    }

    [Fact]
    public async Task Reading_a_missing_object_names_it_and_the_process_stays_usable()
    {
        var remote = await FixtureRepository.CreateAsync("commits:\n  - files:\n      a: alpha\n", _dir.Sub("remote.git"), CancellationToken.None);
        var blobA = PlainGit.Run(remote.GitDirectory, "rev-parse", "main:a").Trim();
        var missing = new string('1', 40);
        await using var batch = new CatFileBatch(new GitCommandRunner(), remote.GitDirectory, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => batch.ReadAsync([blobA, missing], CancellationToken.None));

        Assert.Contains($"{missing} missing", error.Message, StringComparison.Ordinal);
        Assert.Equal("alpha", Encoding.UTF8.GetString((await batch.ReadAsync([blobA], CancellationToken.None))[0]));
        Assert.Equal(1, batch.ProcessStarts);
    }
}
