using System.Diagnostics;

namespace Dm.GitFixture.Tests;

/// <summary>Runs plain git to check what a fixture wrote, independently of the code under test.</summary>
public static class PlainGit
{
    public static string Run(string gitDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--git-dir");
        startInfo.ArgumentList.Add(gitDirectory);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed with {process.ExitCode}: {error.Result}");
    }

    public static IReadOnlyList<string> Lines(string gitDirectory, params string[] arguments) =>
        Run(gitDirectory, arguments).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
