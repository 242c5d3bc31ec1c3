using System.Text;

namespace Dm.ResourceRepo;

/// <summary>
/// Writes <c>&lt;env&gt;/locks.yaml</c> in cautious-tribble's shape (<c>env_lock.reasons</c>,
/// <c>resource_locks.&lt;name&gt;.reasons</c>); a reason with who/when/expiry is written as a map, a bare reason as a string.
/// </summary>
public static class LocksFile
{
    public const string Name = "locks.yaml";

    public static string PathOf(string environment) => $"{environment}/{Name}";

    public static string Write(EnvironmentLocks locks)
    {
        var output = new StringBuilder();
        if (locks.EnvironmentLock.Count > 0)
        {
            output.Line(0, "env_lock:");
            WriteReasons(output, 1, locks.EnvironmentLock);
        }

        var resourceLocks = locks.ResourceLocks.Where(l => l.Value.Count > 0).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        if (resourceLocks.Count > 0)
        {
            output.Line(0, "resource_locks:");
            foreach (var (resource, reasons) in resourceLocks)
            {
                output.Line(1, YamlText.Key(resource) + ":");
                WriteReasons(output, 2, reasons);
            }
        }

        return output.Length == 0 ? "{}\n" : output.ToString();
    }

    private static void WriteReasons(StringBuilder output, int indent, IReadOnlyList<LockReason> reasons)
    {
        output.Line(indent, "reasons:");
        foreach (var reason in reasons)
        {
            if (reason.By is null && reason.At is null && reason.Expires is null)
            {
                output.Line(indent + 1, "- " + YamlText.Quoted(reason.Reason));
                continue;
            }

            output.Line(indent + 1, "- reason: " + YamlText.Quoted(reason.Reason));
            if (reason.By is not null)
            {
                output.Line(indent + 2, "by: " + YamlText.Quoted(reason.By));
            }

            if (reason.At is { } at)
            {
                output.Line(indent + 2, "at: " + YamlText.Timestamp(at));
            }

            if (reason.Expires is { } expires)
            {
                output.Line(indent + 2, "expires: " + YamlText.Timestamp(expires));
            }
        }
    }
}
