using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Dm.Deployer.Planning;

/// <summary>
/// <see cref="DriftDetector.Find"/> remembered per live object: an informer replaces its object instance on every
/// change, so an instance already found to hold what a desired object applied is not compared again while both stay
/// the same instances. Entries go with their live object (weak keys). Safe for concurrent use.
/// </summary>
public sealed class DriftMemo
{
    private readonly ConditionalWeakTable<JsonObject, DesiredObject> _inSync = new();

    /// <summary>As <see cref="DriftDetector.Find"/> for <paramref name="desired"/>'s manifest; skipped for a live instance known in sync with the same desired object.</summary>
    public string? Find(DesiredObject desired, JsonObject live)
    {
        if (_inSync.TryGetValue(live, out var verified) && ReferenceEquals(verified, desired))
        {
            return null;
        }

        var drift = DriftDetector.Find(desired.Manifest, live);
        if (drift is null)
        {
            _inSync.AddOrUpdate(live, desired);
        }

        return drift;
    }
}
