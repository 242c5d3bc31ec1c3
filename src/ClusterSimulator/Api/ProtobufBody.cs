using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Api;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + <c>runtime.Unknown</c>) that typed clients such as
/// <c>kubectl create namespace|configmap|secret|deployment|job|cronjob|service|role|rolebinding</c> send, into JSON.
/// Only the fields those commands set are known; unknown fields are skipped.
/// </summary>
internal static class ProtobufBody
{
    private static readonly Dictionary<string, Dictionary<int, Field>> Schemas = BuildSchemas();

    private enum Wire
    {
        String,
        Int,
        Bool,
        Bytes,
        Message,
        StringMap,
        BytesMap,
        QuantityMap,
        IntOrString,
        Quantity,
    }

    public static bool CanDecode(string kind) => Schemas.ContainsKey(kind);

    public static JsonObject Decode(byte[] body, string kind)
    {
        if (body.Length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0)
        {
            throw StatusObjects.BadRequest("the protobuf body does not start with the k8s envelope");
        }

        byte[]? raw = null;
        string? apiVersion = null;
        string? envelopeKind = null;
        foreach (var (number, wire, value, bytes) in Read(body.AsMemory(4)))
        {
            if (number == 1 && wire == 2)
            {
                foreach (var (typeField, typeWire, _, typeBytes) in Read(bytes))
                {
                    if (typeWire == 2)
                    {
                        var text = System.Text.Encoding.UTF8.GetString(typeBytes.Span);
                        apiVersion = typeField == 1 ? text : apiVersion;
                        envelopeKind = typeField == 2 ? text : envelopeKind;
                    }
                }
            }
            else if (number == 2 && wire == 2)
            {
                raw = bytes.ToArray();
            }

            _ = value;
        }

        var obj = Message(raw ?? [], kind);
        if (apiVersion is not null)
        {
            obj["apiVersion"] = apiVersion;
        }

        obj["kind"] = envelopeKind ?? kind;
        return obj;
    }

    private static JsonObject Message(ReadOnlyMemory<byte> data, string schema)
    {
        var fields = Schemas[schema];
        var result = new JsonObject();
        foreach (var (number, wire, value, bytes) in Read(data))
        {
            if (!fields.TryGetValue(number, out var field))
            {
                continue;
            }

            JsonNode? node = field.Type switch
            {
                Wire.String => System.Text.Encoding.UTF8.GetString(bytes.Span),
                Wire.Int => (long)value,
                Wire.Bool => value != 0,
                Wire.Bytes => Convert.ToBase64String(bytes.Span),
                Wire.Message => Message(bytes, field.Schema!),
                Wire.Quantity => Quantity(bytes),
                Wire.IntOrString => IntOrString(bytes),
                _ => null,
            };
            if (field.Type is Wire.StringMap or Wire.BytesMap or Wire.QuantityMap)
            {
                var map = result[field.Name] as JsonObject ?? new JsonObject();
                result[field.Name] = map;
                string? key = null;
                JsonNode? entryValue = null;
                foreach (var (entryNumber, _, _, entryBytes) in Read(bytes))
                {
                    if (entryNumber == 1)
                    {
                        key = System.Text.Encoding.UTF8.GetString(entryBytes.Span);
                    }
                    else if (entryNumber == 2)
                    {
                        entryValue = field.Type switch
                        {
                            Wire.BytesMap => Convert.ToBase64String(entryBytes.Span),
                            Wire.QuantityMap => Quantity(entryBytes),
                            _ => System.Text.Encoding.UTF8.GetString(entryBytes.Span),
                        };
                    }
                }

                map[key ?? string.Empty] = entryValue ?? string.Empty;
                continue;
            }

            if (IsOmitted(field, node))
            {
                continue;
            }

            if (field.Repeated)
            {
                var list = result[field.Name] as JsonArray ?? new JsonArray();
                result[field.Name] = list;
                list.Add(node);
            }
            else
            {
                result[field.Name] = node;
            }
        }

        return result;
    }

    /// <summary>gogo-protobuf writes zero values of non-pointer fields; the JSON the API server stores omits them.</summary>
    private static bool IsOmitted(Field field, JsonNode? node)
    {
        if (field.Repeated || node is not JsonValue value)
        {
            return false;
        }

        return field.Type switch
        {
            Wire.String => value.GetValue<string>().Length == 0,
            Wire.Bool => !value.GetValue<bool>(),
            Wire.Int => value.GetValue<long>() == 0 && !PointerInts.Contains(field.Name),
            _ => false,
        };
    }

    private static readonly HashSet<string> PointerInts = new(StringComparer.Ordinal)
    {
        "replicas", "parallelism", "completions", "backoffLimit", "revisionHistoryLimit", "progressDeadlineSeconds",
        "terminationGracePeriodSeconds", "activeDeadlineSeconds", "startingDeadlineSeconds", "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit",
    };

    private static JsonNode? Quantity(ReadOnlyMemory<byte> bytes)
    {
        foreach (var (number, _, _, text) in Read(bytes))
        {
            if (number == 1)
            {
                return System.Text.Encoding.UTF8.GetString(text.Span);
            }
        }

        return "0";
    }

    private static JsonNode? IntOrString(ReadOnlyMemory<byte> bytes)
    {
        long type = 0;
        long number = 0;
        string? text = null;
        foreach (var (field, _, value, data) in Read(bytes))
        {
            switch (field)
            {
                case 1:
                    type = (long)value;
                    break;
                case 2:
                    number = (long)value;
                    break;
                case 3:
                    text = System.Text.Encoding.UTF8.GetString(data.Span);
                    break;
            }
        }

        return type == 1 ? text : number;
    }

    private static List<(int Number, int Wire, ulong Value, ReadOnlyMemory<byte> Bytes)> Read(ReadOnlyMemory<byte> data)
    {
        var result = new List<(int, int, ulong, ReadOnlyMemory<byte>)>();
        var span = data.Span;
        var position = 0;
        while (position < span.Length)
        {
            var tag = Varint(span, ref position);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            switch (wire)
            {
                case 0:
                    result.Add((number, wire, Varint(span, ref position), ReadOnlyMemory<byte>.Empty));
                    break;
                case 2:
                    var length = (int)Varint(span, ref position);
                    result.Add((number, wire, 0, data.Slice(position, length)));
                    position += length;
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw StatusObjects.BadRequest($"unsupported protobuf wire type {wire}");
            }
        }

        return result;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (position < span.Length)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }

            shift += 7;
        }

        throw StatusObjects.BadRequest("truncated protobuf varint");
    }

    private sealed record Field(string Name, Wire Type, string? Schema = null, bool Repeated = false);

    private static Dictionary<string, Dictionary<int, Field>> BuildSchemas()
    {
        static Field S(string name) => new(name, Wire.String);
        static Field Ss(string name) => new(name, Wire.String, Repeated: true);
        static Field I(string name) => new(name, Wire.Int);
        static Field B(string name) => new(name, Wire.Bool);
        static Field M(string name, string schema) => new(name, Wire.Message, schema);
        static Field Ms(string name, string schema) => new(name, Wire.Message, schema, Repeated: true);
        var meta = M("metadata", "ObjectMeta");
        return new Dictionary<string, Dictionary<int, Field>>(StringComparer.Ordinal)
        {
            ["ObjectMeta"] = new() { [1] = S("name"), [2] = S("generateName"), [3] = S("namespace"), [11] = new("labels", Wire.StringMap), [12] = new("annotations", Wire.StringMap), [14] = Ss("finalizers") },
            ["Namespace"] = new() { [1] = meta, [2] = M("spec", "NamespaceSpec") },
            ["NamespaceSpec"] = new() { [1] = Ss("finalizers") },
            ["ConfigMap"] = new() { [1] = meta, [2] = new("data", Wire.StringMap), [3] = new("binaryData", Wire.BytesMap), [4] = B("immutable") },
            ["Secret"] = new() { [1] = meta, [2] = new("data", Wire.BytesMap), [3] = S("type"), [4] = new("stringData", Wire.StringMap), [5] = B("immutable") },
            ["ServiceAccount"] = new() { [1] = meta },
            ["Deployment"] = new() { [1] = meta, [2] = M("spec", "DeploymentSpec") },
            ["DeploymentSpec"] = new() { [1] = I("replicas"), [2] = M("selector", "LabelSelector"), [3] = M("template", "PodTemplateSpec"), [4] = M("strategy", "DeploymentStrategy"), [5] = I("minReadySeconds"), [6] = I("revisionHistoryLimit"), [7] = B("paused"), [9] = I("progressDeadlineSeconds") },
            ["DeploymentStrategy"] = new() { [1] = S("type") },
            ["LabelSelector"] = new() { [1] = new("matchLabels", Wire.StringMap), [2] = Ms("matchExpressions", "LabelSelectorRequirement") },
            ["LabelSelectorRequirement"] = new() { [1] = S("key"), [2] = S("operator"), [3] = Ss("values") },
            ["PodTemplateSpec"] = new() { [1] = meta, [2] = M("spec", "PodSpec") },
            ["PodSpec"] = new() { [2] = Ms("containers", "Container"), [3] = S("restartPolicy"), [4] = I("terminationGracePeriodSeconds"), [6] = S("dnsPolicy"), [7] = new("nodeSelector", Wire.StringMap), [8] = S("serviceAccountName"), [20] = Ms("initContainers", "Container") },
            ["Container"] = new() { [1] = S("name"), [2] = S("image"), [3] = Ss("command"), [4] = Ss("args"), [5] = S("workingDir"), [6] = Ms("ports", "ContainerPort"), [7] = Ms("env", "EnvVar"), [8] = M("resources", "ResourceRequirements"), [13] = S("terminationMessagePath"), [14] = S("imagePullPolicy"), [20] = S("terminationMessagePolicy") },
            ["ContainerPort"] = new() { [1] = S("name"), [2] = I("hostPort"), [3] = I("containerPort"), [4] = S("protocol") },
            ["EnvVar"] = new() { [1] = S("name"), [2] = S("value") },
            ["ResourceRequirements"] = new() { [1] = new("limits", Wire.QuantityMap), [2] = new("requests", Wire.QuantityMap) },
            ["Job"] = new() { [1] = meta, [2] = M("spec", "JobSpec") },
            ["JobSpec"] = new() { [1] = I("parallelism"), [2] = I("completions"), [3] = I("activeDeadlineSeconds"), [4] = M("selector", "LabelSelector"), [5] = B("manualSelector"), [6] = M("template", "PodTemplateSpec"), [7] = I("backoffLimit") },
            ["CronJob"] = new() { [1] = meta, [2] = M("spec", "CronJobSpec") },
            ["CronJobSpec"] = new() { [1] = S("schedule"), [2] = I("startingDeadlineSeconds"), [3] = S("concurrencyPolicy"), [4] = B("suspend"), [5] = M("jobTemplate", "JobTemplateSpec"), [6] = I("successfulJobsHistoryLimit"), [7] = I("failedJobsHistoryLimit"), [8] = S("timeZone") },
            ["JobTemplateSpec"] = new() { [1] = meta, [2] = M("spec", "JobSpec") },
            ["Service"] = new() { [1] = meta, [2] = M("spec", "ServiceSpec") },
            ["ServiceSpec"] = new() { [1] = Ms("ports", "ServicePort"), [2] = new("selector", Wire.StringMap), [3] = S("clusterIP"), [4] = S("type"), [10] = S("externalName") },
            ["ServicePort"] = new() { [1] = S("name"), [2] = S("protocol"), [3] = I("port"), [4] = new("targetPort", Wire.IntOrString), [5] = I("nodePort") },
            ["Role"] = new() { [1] = meta, [2] = Ms("rules", "PolicyRule") },
            ["ClusterRole"] = new() { [1] = meta, [2] = Ms("rules", "PolicyRule") },
            ["PolicyRule"] = new() { [1] = Ss("verbs"), [2] = Ss("apiGroups"), [3] = Ss("resources"), [4] = Ss("resourceNames"), [5] = Ss("nonResourceURLs") },
            ["RoleBinding"] = new() { [1] = meta, [2] = Ms("subjects", "Subject"), [3] = M("roleRef", "RoleRef") },
            ["ClusterRoleBinding"] = new() { [1] = meta, [2] = Ms("subjects", "Subject"), [3] = M("roleRef", "RoleRef") },
            ["Subject"] = new() { [1] = S("kind"), [2] = S("apiGroup"), [3] = S("name"), [4] = S("namespace") },
            ["RoleRef"] = new() { [1] = S("apiGroup"), [2] = S("kind"), [3] = S("name") },
        };
    }
}
