using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;

namespace Dm.ClusterSimulator.Controllers;

/// <summary>
/// Writes a workload's status through the status subresource, keeping each condition's transition and update times
/// while its status and reason stay the same; an unchanged status writes nothing.
/// </summary>
internal sealed class StatusWriter(ClusterStore store)
{
    /// <summary>The field manager of the controllers' writes.</summary>
    public const string Manager = "kube-controller-manager";

    public void Write(ApiResourceType type, StoredObject stored, JsonObject status)
    {
        store.Mutate(type, stored.Namespace, stored.Name, Manager, "status", obj =>
        {
            var previous = obj["status"] as JsonObject;
            if (status["conditions"] is JsonArray conditions)
            {
                foreach (var condition in conditions.OfType<JsonObject>())
                {
                    var old = (previous?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Json.Str(c, "type") == Json.Str(condition, "type"));
                    var now = store.Now();
                    var sameStatus = old is not null && Json.Str(old, "status") == Json.Str(condition, "status");
                    var sameReason = sameStatus && Json.Str(old, "reason") == Json.Str(condition, "reason");
                    condition["lastUpdateTime"] = sameReason ? old!["lastUpdateTime"]?.DeepClone() : now;
                    condition["lastTransitionTime"] = sameStatus ? old!["lastTransitionTime"]?.DeepClone() : now;
                    if (type.Kind is "Job")
                    {
                        condition["lastProbeTime"] = condition["lastUpdateTime"]?.DeepClone();
                        condition.Remove("lastUpdateTime");
                    }
                }
            }

            if (JsonNode.DeepEquals(previous, status))
            {
                return false;
            }

            obj["status"] = status;
            return true;
        });
    }
}
