using System.Globalization;
using System.Text;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>A complete, deterministic text form of a model, compared against <c>expected.txt</c> in golden tests.</summary>
internal static class ModelPrinter
{
    public static string Print(ResourceRepoModel model)
    {
        var text = new StringBuilder();
        text.Append("revision: ").Append(model.Revision).Append('\n');
        text.Append("deployers:\n");
        foreach (var d in model.Deployers)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {d.Environment}: type={d.Type} context={d.Context ?? "-"} namespace={d.Namespace} kubeconfig={d.Kubeconfig ?? "-"} prune={d.Prune} createNamespace={d.CreateNamespace}\n");
        }

        text.Append("transitions:\n");
        foreach (var t in model.Transitions)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {t.Priority} {t.Name}: {t.Source} -> {t.Target} preconditions=[{string.Join(", ", t.Preconditions)}] schedule={t.Schedule ?? "-"} timezone={t.Timezone ?? "-"}");
            text.Append(CultureInfo.InvariantCulture, $" include=[{string.Join(", ", t.Include)}] exclude=[{string.Join(", ", t.Exclude)}] versionFilter={t.VersionFilter ?? "-"}\n");
            foreach (var w in t.Windows)
            {
                text.Append(CultureInfo.InvariantCulture, $"    window {w.Kind} \"{w.Schedule}\" for {w.Duration} timezone={w.Timezone ?? "-"}\n");
            }
        }

        text.Append("transition states:\n");
        foreach (var s in model.TransitionStates)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {s.Name}: scheduled={Time(s.Scheduled)} lastRun={Time(s.LastRun)}\n");
        }

        foreach (var env in model.Environments)
        {
            text.Append("environment ").Append(env.Name).Append(":\n");
            if (env.Locks.EnvironmentLock.Count > 0)
            {
                text.Append("  env lock: ").Append(Reasons(env.Locks.EnvironmentLock)).Append('\n');
            }

            foreach (var (resource, reasons) in env.Locks.ResourceLocks.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"  resource lock {resource}: {Reasons(reasons)}\n");
            }

            foreach (var resource in env.Resources)
            {
                var sources = string.Join(", ", resource.SourceFiles.Select(s => s.Path));
                switch (resource)
                {
                    case RenderedResource rendered:
                        text.Append(CultureInfo.InvariantCulture, $"  resource {rendered.Name}: rendered version={rendered.Version ?? "-"} from {sources}\n");
                        foreach (var manifest in rendered.Manifests)
                        {
                            text.Append(CultureInfo.InvariantCulture, $"    {manifest.Key} ns=\"{manifest.Key.Namespace}\": {manifest.Content.ToJsonString()}\n");
                        }

                        break;
                    case BrokenResource broken:
                        text.Append(CultureInfo.InvariantCulture, $"  resource {broken.Name}: broken version={broken.Version ?? "-"} from {sources} ({broken.Errors.Count} errors)\n");
                        break;
                    default:
                        throw new InvalidOperationException(resource.GetType().Name);
                }
            }
        }

        text.Append("errors:\n");
        foreach (var e in model.Errors)
        {
            var owner = e.Environment is null ? string.Empty : $" [{e.Environment}{(e.Resource is null ? string.Empty : "/" + e.Resource)}]";
            var key = e.KeyPath is null ? string.Empty : $" {{{e.KeyPath}}}";
            text.Append(CultureInfo.InvariantCulture, $"  {e.Reason}{owner}{key}: {e.Message}\n");
        }

        return text.ToString();
    }

    private static string Reasons(IReadOnlyList<LockReason> reasons) =>
        "[" + string.Join("; ", reasons.Select(r => r.By is null && r.At is null && r.Expires is null
            ? r.Reason
            : $"{r.Reason} (by {r.By ?? "-"}, at {Time(r.At)}, expires {Time(r.Expires)})")) + "]";

    private static string Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture) ?? "-";
}
