using System.Text;

namespace Dm.ResourceRepo;

/// <summary>Writes <c>transition_state.yaml</c> in the shape <see cref="ResourceRepoReader"/> reads (cautious-tribble's, plus approvals).</summary>
public static class TransitionStateFile
{
    public const string Path = "transition_state.yaml";

    public static string Write(IEnumerable<TransitionState> states)
    {
        var output = new StringBuilder();
        foreach (var state in states.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (state.Scheduled is null && state.LastRun is null && state.Approval is null)
            {
                continue;
            }

            output.Line(0, YamlText.Key(state.Name) + ":");
            if (state.Scheduled is { } scheduled)
            {
                output.Line(1, "scheduled: " + YamlText.Timestamp(scheduled));
            }

            if (state.LastRun is { } lastRun)
            {
                output.Line(1, "last_run: " + YamlText.Timestamp(lastRun));
            }

            if (state.Approval is { } approval)
            {
                output.Line(1, "approval:");
                output.Line(2, "by: " + YamlText.Quoted(approval.By));
                output.Line(2, "at: " + YamlText.Timestamp(approval.At));
                if (approval.Reason is not null)
                {
                    output.Line(2, "reason: " + YamlText.Quoted(approval.Reason));
                }

                output.Line(2, approval.Versions.Count == 0 ? "versions: {}" : "versions:");
                foreach (var (resource, version) in approval.Versions.OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    output.Line(3, YamlText.Key(resource) + ": " + YamlText.Quoted(version));
                }
            }
        }

        return output.Length == 0 ? "{}\n" : output.ToString();
    }
}
