using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Dm.Aggregator.Tests;

/// <summary>Appends many commits to a bare repo's branch in one <c>git fast-import</c> process (fixture setup for history tests).</summary>
internal static class FastImport
{
    /// <summary>Each commit: message and the files it puts (path → content).</summary>
    public static void Append(string gitDirectory, string branch, IEnumerable<(string Message, IReadOnlyDictionary<string, string> Files)> commits)
    {
        var stream = new StringBuilder();
        var first = true;
        var time = 1_600_000_000L;
        foreach (var (message, files) in commits)
        {
            stream.Append(CultureInfo.InvariantCulture, $"commit refs/heads/{branch}\n");
            stream.Append(CultureInfo.InvariantCulture, $"author Generator <gen@localhost> {time} +0000\ncommitter Generator <gen@localhost> {time} +0000\n");
            time += 60;
            Data(stream, message);
            if (first)
            {
                stream.Append(CultureInfo.InvariantCulture, $"from refs/heads/{branch}^0\n");
                first = false;
            }

            foreach (var (path, content) in files)
            {
                stream.Append(CultureInfo.InvariantCulture, $"M 100644 inline {path}\n");
                Data(stream, content);
            }

            stream.Append('\n');
        }

        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--git-dir", gitDirectory, "fast-import", "--quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Write(stream.ToString());
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("git fast-import failed: " + error.Result + output.Result);
        }
    }

    private static void Data(StringBuilder stream, string text) =>
        stream.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(text)}\n").Append(text).Append('\n');
}
