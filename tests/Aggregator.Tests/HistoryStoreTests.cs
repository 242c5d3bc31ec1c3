using System.Globalization;
using System.Text.Json;
using Dm.Aggregator.History;
using Dm.Git;
using Dm.GitFixture;
using Dm.Status;
using Dm.TestSupport;

namespace Dm.Aggregator.Tests;

/// <summary>The history index kept on disk: a restart reads only newer commits; rewritten history or a damaged file means a rebuild.</summary>
public sealed class HistoryStoreTests : IDisposable
{
    private static readonly HistoryFilter Everything = new(null, null, null);

    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_restart_loads_the_stored_index_and_reads_only_the_newer_commits()
    {
        var remote = await CreateRemoteAsync(50);
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror.git")), Ct);
        var file = Path.Combine(repo.GitDirectory, "history.jsonl");
        using (var first = new HistoryIndex(new HistoryStore(file)))
        {
            await first.UpdateAsync(repo, await repo.FetchAsync(Ct), Ct);
            Assert.Equal(new HistoryUpdateStatistics(0, 51, true), first.LastUpdate);
        }

        FastImport.Append(remote.GitDirectory, "main", Commits("later", 3));
        var head = await repo.FetchAsync(Ct);
        using var second = new HistoryIndex(new HistoryStore(file));
        await second.UpdateAsync(repo, head, Ct);
        using var third = new HistoryIndex(new HistoryStore(file));
        await third.UpdateAsync(repo, head, Ct);

        Assert.Equal(new HistoryUpdateStatistics(51, 3, false), second.LastUpdate);
        Assert.Equal(new HistoryUpdateStatistics(54, 0, false), third.LastUpdate);
        var expected = await ReadWithoutStoreAsync(repo, head);
        Assert.Equal(expected, Json(second.All(Everything)));
        Assert.Equal(expected, Json(third.All(Everything)));
        Assert.Equal(PlainGit.Lines(remote.GitDirectory, "rev-list", "main"), third.All(Everything).Select(e => e.Commit));
    }

    [Fact]
    public async Task A_force_pushed_history_is_rebuilt_and_stored_again()
    {
        var remote = await CreateRemoteAsync(20);
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror.git")), Ct);
        var file = Path.Combine(repo.GitDirectory, "history.jsonl");
        using (var first = new HistoryIndex(new HistoryStore(file)))
        {
            await first.UpdateAsync(repo, await repo.FetchAsync(Ct), Ct);
        }

        // Someone rewinds main by 10 commits and pushes 4 others: the stored head is no longer in the history.
        PlainGit.Run(remote.GitDirectory, "update-ref", "refs/heads/main", "main~10");
        FastImport.Append(remote.GitDirectory, "main", Commits("rewritten", 4));
        var head = await repo.FetchAsync(Ct);
        using var second = new HistoryIndex(new HistoryStore(file));
        await second.UpdateAsync(repo, head, Ct);
        using var third = new HistoryIndex(new HistoryStore(file));
        await third.UpdateAsync(repo, head, Ct);

        Assert.Equal(new HistoryUpdateStatistics(0, 15, true), second.LastUpdate);
        Assert.Equal(new HistoryUpdateStatistics(15, 0, false), third.LastUpdate);
        Assert.Equal(PlainGit.Lines(remote.GitDirectory, "rev-list", "main"), third.All(Everything).Select(e => e.Commit));
        Assert.DoesNotContain(third.All(Everything), e => e.Subject == "New version web initial-11");
    }

    [Theory]
    [InlineData("not json at all\n")]
    [InlineData("{\"version\":1}\n{\"commit\":\"abc\",\"kind\":\n")]
    [InlineData("{\"version\":99}\n")]
    public async Task A_damaged_or_foreign_file_is_ignored_and_rewritten(string content)
    {
        var remote = await CreateRemoteAsync(5);
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror.git")), Ct);
        var file = Path.Combine(repo.GitDirectory, "history.jsonl");
        await File.WriteAllTextAsync(file, content, Ct);
        var head = await repo.FetchAsync(Ct);

        using var first = new HistoryIndex(new HistoryStore(file));
        await first.UpdateAsync(repo, head, Ct);
        using var second = new HistoryIndex(new HistoryStore(file));
        await second.UpdateAsync(repo, head, Ct);

        Assert.Equal(new HistoryUpdateStatistics(0, 6, true), first.LastUpdate);
        Assert.Equal(new HistoryUpdateStatistics(6, 0, false), second.LastUpdate);
    }

    [Fact]
    public async Task A_torn_append_keeps_the_events_up_to_the_last_complete_head()
    {
        var remote = await CreateRemoteAsync(5);
        await using var repo = await GitRepository.OpenAsync(new GitRepositoryOptions(remote.GitDirectory, _dir.Sub("mirror.git")), Ct);
        var file = Path.Combine(repo.GitDirectory, "history.jsonl");
        using (var first = new HistoryIndex(new HistoryStore(file)))
        {
            await first.UpdateAsync(repo, await repo.FetchAsync(Ct), Ct);
        }

        // A crash after writing an event but before its head line.
        await File.AppendAllTextAsync(file, "{\"commit\":\"0123\",\"time\":\"2026-11-22T00:00:00+00:00\",\"author\":\"x\",\"kind\":\"lock\",\"subject\":\"s\",\"moves\":[]}\n", Ct);
        FastImport.Append(remote.GitDirectory, "main", Commits("later", 2));
        using var second = new HistoryIndex(new HistoryStore(file));
        await second.UpdateAsync(repo, await repo.FetchAsync(Ct), Ct);

        Assert.Equal(new HistoryUpdateStatistics(6, 2, false), second.LastUpdate);
        Assert.DoesNotContain(second.All(Everything), e => e.Commit == "0123");
    }

    private static IEnumerable<(string, IReadOnlyDictionary<string, string>)> Commits(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i =>
        {
            var version = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}");
            return ($"New version web {version}\n\nChange {i}\n\nDM-Action: new-version\nDM-Resource: web\nDM-Version: {version}\nDM-Environment: latest\n",
                (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["latest/version/web.yaml"] = $"version: \"{version}\"\n" });
        });

    private static string Json(IReadOnlyList<HistoryEvent> events) => JsonSerializer.Serialize(events, DmJson.Options);

    private static async Task<string> ReadWithoutStoreAsync(GitRepository repo, string head)
    {
        using var index = new HistoryIndex();
        await index.UpdateAsync(repo, head, CancellationToken.None);
        return Json(index.All(Everything));
    }

    private async Task<FixtureRepository> CreateRemoteAsync(int commits)
    {
        var remote = await FixtureRepository.CreateAsync(
            new FixtureTemplate([new FixtureCommit("seed", "Seed", null, new Dictionary<string, string>(TestRepo.Files()))]), _dir.Sub("remote.git"), Ct);
        FastImport.Append(remote.GitDirectory, "main", Commits("initial", commits));
        return remote;
    }
}
