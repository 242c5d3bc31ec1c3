namespace Dm.TestSupport;

/// <summary>The checkout the tests were built from: the folder holding <c>Dm.sln</c> above the test's output folder.</summary>
public static class SourceTree
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dm.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Dm.sln not found above " + AppContext.BaseDirectory);
    }
}
