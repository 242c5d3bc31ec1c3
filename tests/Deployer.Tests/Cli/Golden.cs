namespace Dm.Deployer.Tests.Cli;

/// <summary>Compares output with a golden file under testdata/cli; <c>DM_UPDATE_GOLDEN=1</c> rewrites the source file instead.</summary>
internal static class Golden
{
    public static void Assert(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("DM_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(SourceDirectory(), "testdata", "cli", name);
            File.WriteAllText(source, actual);
            return;
        }

        var expected = File.ReadAllText(Path.Combine("testdata", "cli", name));
        Xunit.Assert.Equal(expected, actual);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path)!)!;
}
