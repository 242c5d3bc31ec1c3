using System.Diagnostics;

namespace Dm.System.Tests;

/// <summary>Plain git in a working tree, as a person runs it (clone, commit, push), independent of DM's git layer.</summary>
internal static class WorkTreeGit
{
    public static void Run(string directory, params string[] arguments)
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

    /// <summary>Clones <paramref name="remote"/>, writes <paramref name="files"/>, commits as Alice and pushes to main.</summary>
    public static void PushByHand(string remote, string message, params (string Path, string Content)[] files)
    {
        using var work = new TempDirectory();
        var clone = work.Sub("clone");
        Run(work.Path, "clone", "--quiet", remote, clone);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(clone, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        Run(clone, "add", "--all");
        Run(clone, "-c", "user.name=Alice", "-c", "user.email=alice@example.com", "commit", "--quiet", "-m", message);
        Run(clone, "push", "--quiet", "origin", "HEAD:main");
    }
}
