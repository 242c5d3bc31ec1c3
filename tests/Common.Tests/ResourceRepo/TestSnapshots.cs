using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Dm.Git;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>Builds <see cref="RepoSnapshot"/>s in memory, from testdata folders or from literal files.</summary>
internal static class TestSnapshots
{
    public static string TestData { get; } = Path.Combine(SourceDirectory(), "testdata");

    public static RepoSnapshot FromDirectory(string directory, string revision = "test")
    {
        var files = new Dictionary<string, RepoFile>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(directory, file).Replace('\\', '/');
            files[path] = File(path, System.IO.File.ReadAllBytes(file));
        }

        return new RepoSnapshot(revision, files);
    }

    public static RepoSnapshot FromFiles(IEnumerable<KeyValuePair<string, string>> files, string revision = "test") =>
        new(revision, files.ToDictionary(f => f.Key, f => File(f.Key, Encoding.UTF8.GetBytes(f.Value)), StringComparer.Ordinal));

    public static RepoSnapshot With(RepoSnapshot snapshot, string path, string content, string revision)
    {
        var files = new Dictionary<string, RepoFile>(snapshot.Files, StringComparer.Ordinal)
        {
            [path] = File(path, Encoding.UTF8.GetBytes(content)),
        };
        return new RepoSnapshot(revision, files);
    }

    /// <summary>A file with git's blob id for its content, as the git layer would deliver it.</summary>
    public static RepoFile File(string path, byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
#pragma warning disable CA5350 // SHA-1 is git's object id, not a security measure
        var id = Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
#pragma warning restore CA5350
        return new RepoFile(path, id, content);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
