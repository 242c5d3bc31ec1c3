using System.Diagnostics;

namespace Dm.System.Tests;

/// <summary>The whole system picks up a commit a person pushes with plain git.</summary>
public sealed class HumanPushTests
{
    [Fact]
    public async Task A_version_pushed_by_a_person_reaches_dev()
    {
        await using var dm = await RunningSystem.StartAsync();
        using var work = new TempDirectory();
        var clone = work.Sub("clone");
        Git(work.Path, "clone", "--quiet", dm.RepoPath, clone);

        File.WriteAllText(Path.Combine(clone, "latest", "version", "s2.yaml"), "version: \"9\"\n");
        Git(clone, "-c", "user.name=Alice", "-c", "user.email=alice@example.com", "commit", "--quiet", "-am", "s2 9 by hand");
        Git(clone, "push", "--quiet", "origin", "HEAD:main");

        await dm.WaitForImageAsync(dm.System.MainCluster, "dev", "s2", "example/s2:9");
        Assert.Contains("s2 9 by hand", PlainGit.Run(dm.RepoPath, "log", "--format=%s", "main"), StringComparison.Ordinal);
    }

    private static void Git(string directory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {error.Result}");
    }
}
