using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>Records Events about objects (what <c>kubectl describe</c> shows), as the controllers and the kubelet do.</summary>
internal sealed class EventRecorder(ClusterStore store, NameSuffix names)
{
    public void Record(StoredObject about, string type, string reason, string message, string component)
    {
        var events = store.Catalog.Find(string.Empty, "v1", "events")!;
        var now = store.Now();
        var e = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"{about.Name}.{names.Next()}{names.Next()}" },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = about.Type.GroupVersion,
                ["kind"] = about.Type.Kind,
                ["namespace"] = about.Namespace,
                ["name"] = about.Name,
                ["uid"] = about.Uid,
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["source"] = new JsonObject { ["component"] = component },
            ["reportingComponent"] = component,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            store.Create(events, about.Namespace, e, StatusWriter.Manager, dryRun: false);
        }
        catch (StoreException)
        {
            // The namespace went away while the controller worked; the event has nowhere to live.
        }
    }
}
