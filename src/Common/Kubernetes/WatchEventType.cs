namespace Dm.Kubernetes;

/// <summary>The kinds of watch events DM sees. Server ERROR events never reach callers: the watch handles or throws them.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Only a new <c>resourceVersion</c> (the object carries nothing else): progress, nothing changed.</summary>
    Bookmark,
}
