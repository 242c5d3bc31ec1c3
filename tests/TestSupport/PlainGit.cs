using System.Diagnostics;

namespace Dm.TestSupport;

/// <summary>Runs plain git (independent of the code under test) to check what landed on disk.</summary>
public static class PlainGit
{
    public static string Run(string gitDirectory, params string[] arguments)
    {
        var (exitCode, output, error) = TryRun(gitDirectory, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed with {exitCode}: {error}");
        }

        return output;
    }

    public static (int ExitCode, string Output, string Error) TryRun(string gitDirectory, params string[] arguments)
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
        return (process.ExitCode, output, error.Result);
    }

    public static IReadOnlyList<string> Lines(string gitDirectory, params string[] arguments) =>
        Run(gitDirectory, arguments).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
