using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dm.ClusterSimulator.Store;

/// <summary>The subset of API validation that clients most often hit, with apimachinery's wording.</summary>
internal static partial class Validation
{
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    public static void Validate(ApiResourceType type, JsonObject obj)
    {
        var errors = new List<FieldError>();
        var name = Json.Str(obj, "metadata", "name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            ValidateName(type, name, errors);
        }

        if (type.Group == "apps" && obj["spec"] is JsonObject spec)
        {
            ValidateWorkload(type, spec, errors);
        }

        if (errors.Count > 0)
        {
            throw new InvalidObjectException(type, name, errors);
        }
    }

    private static void ValidateName(ApiResourceType type, string name, List<FieldError> errors)
    {
        var rendered = "\"" + name + "\"";
        switch (type.Kind)
        {
            case "Namespace" when name.Length > 63 || !LabelPattern().IsMatch(name):
                errors.Add(FieldError.InvalidValue("metadata.name", rendered, LabelMessage));
                break;
            case "Service" when name.Length > 63 || !Dns1035Pattern().IsMatch(name):
                errors.Add(FieldError.InvalidValue("metadata.name", rendered, Dns1035Message));
                break;
            case "Namespace" or "Service":
                break;
            default:
                if (name.Length > 253 || !SubdomainPattern().IsMatch(name))
                {
                    errors.Add(FieldError.InvalidValue("metadata.name", rendered, SubdomainMessage));
                }

                break;
        }
    }

    private static void ValidateWorkload(ApiResourceType type, JsonObject spec, List<FieldError> errors)
    {
        if (Json.Int(spec, "replicas") is < 0 and var replicas)
        {
            errors.Add(FieldError.InvalidValue("spec.replicas", replicas.ToString()!, "must be greater than or equal to 0"));
        }

        if (type.Kind is not ("Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet"))
        {
            return;
        }

        var matchLabels = Json.StringMap(spec["selector"]?["matchLabels"]);
        if (spec["selector"] is not JsonObject selector || (matchLabels.Count == 0 && selector["matchExpressions"] is null))
        {
            errors.Add(FieldError.Required("spec.selector", string.Empty));
        }
        else
        {
            var templateLabels = Json.StringMap(spec["template"]?["metadata"]?["labels"]);
            if (matchLabels.Any(l => !templateLabels.TryGetValue(l.Key, out var v) || v != l.Value))
            {
                var rendered = "map[string]string{" + string.Join(", ", templateLabels.Select(l => $"\"{l.Key}\":\"{l.Value}\"")) + "}";
                errors.Add(FieldError.InvalidValue("spec.template.metadata.labels", rendered, "`selector` does not match template `labels`"));
            }
        }

        if (spec["template"]?["spec"]?["containers"] is not JsonArray { Count: > 0 } containers)
        {
            errors.Add(FieldError.Required("spec.template.spec.containers", string.Empty));
            return;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty(Json.Str(containers[i], "image")))
            {
                errors.Add(FieldError.Required($"spec.template.spec.containers[{i}].image", string.Empty));
            }
        }
    }

    /// <summary>
    /// What an update may not change, with apimachinery's wording: a Job's pod template (and its selector) is
    /// immutable once created, so a changed Job must be deleted and created again.
    /// </summary>
    public static void ValidateUpdate(ApiResourceType type, JsonObject old, JsonObject updated)
    {
        if (type.Group != "batch" || type.Kind != "Job")
        {
            return;
        }

        var errors = new List<FieldError>();
        foreach (var field in new[] { "template", "selector" })
        {
            var before = old["spec"]?[field];
            var after = updated["spec"]?[field];
            if (!JsonNode.DeepEquals(before, after))
            {
                errors.Add(FieldError.InvalidValue($"spec.{field}", after?.ToJsonString() ?? "null", "field is immutable"));
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidObjectException(type, Json.Str(updated, "metadata", "name") ?? string.Empty, errors);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Pattern();
}
