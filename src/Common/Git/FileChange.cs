using System.Text;

namespace Dm.Git;

/// <summary>An intended change to one file of the repo: put content at a path, or delete the path.</summary>
public abstract record FileChange(string Path)
{
    /// <summary>Puts <paramref name="Content"/> at <paramref name="Path"/> (adds or replaces the file).</summary>
    public sealed record Put(string Path, ReadOnlyMemory<byte> Content) : FileChange(Path)
    {
        public Put(string path, string text)
            : this(path, Encoding.UTF8.GetBytes(text))
        {
        }
    }

    /// <summary>Deletes the file at <paramref name="Path"/>; deleting a file that does not exist is no change.</summary>
    public sealed record Delete(string Path) : FileChange(Path);
}
