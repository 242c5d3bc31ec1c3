using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>
/// Validates JSON against the subset of JSON Schema 2020-12 our schemas use (type, properties, required,
/// additionalProperties, propertyNames, items, enum, const, pattern, maxLength, oneOf, local $ref). Test-only: it keeps
/// docs/schema honest without a schema package. Unknown keywords fail loudly so the subset cannot silently shrink.
/// </summary>
internal sealed class SchemaSubsetValidator(JsonObject root)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "default", "format", "$defs"];

    public List<string> Validate(JsonNode? value)
    {
        var errors = new List<string>();
        Check(root, value, "$", errors);
        return errors;
    }

    private void Check(JsonNode? schemaNode, JsonNode? value, string at, List<string> errors)
    {
        if (schemaNode is JsonValue b && b.TryGetValue<bool>(out var allow))
        {
            if (!allow)
            {
                errors.Add($"{at}: not allowed");
            }

            return;
        }

        var schema = (JsonObject)schemaNode!;
        foreach (var (keyword, argument) in schema)
        {
            switch (keyword)
            {
                case "$ref":
                    var name = argument!.GetValue<string>()["#/$defs/".Length..];
                    Check(root["$defs"]![name], value, at, errors);
                    break;
                case "type":
                    var types = argument is JsonArray list ? list.Select(t => t!.GetValue<string>()).ToList() : [argument!.GetValue<string>()];
                    if (!types.Contains(TypeOf(value)) && !(types.Contains("number") && TypeOf(value) == "integer"))
                    {
                        errors.Add($"{at}: is {TypeOf(value)}, expected {string.Join(" or ", types)}");
                    }

                    break;
                case "const":
                    if (!JsonNode.DeepEquals(argument, value))
                    {
                        errors.Add($"{at}: must be {argument!.ToJsonString()}");
                    }

                    break;
                case "enum":
                    if (!argument!.AsArray().Any(e => JsonNode.DeepEquals(e, value)))
                    {
                        errors.Add($"{at}: {value?.ToJsonString()} is not one of {argument.ToJsonString()}");
                    }

                    break;
                case "pattern" when value is JsonValue v && v.TryGetValue<string>(out var text):
                    if (!Regex.IsMatch(text, argument!.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        errors.Add($"{at}: \"{text}\" does not match {argument}");
                    }

                    break;
                case "maxLength" when value is JsonValue v && v.TryGetValue<string>(out var text):
                    if (text.Length > argument!.GetValue<int>())
                    {
                        errors.Add($"{at}: longer than {argument}");
                    }

                    break;
                case "required" when value is JsonObject obj:
                    foreach (var required in argument!.AsArray())
                    {
                        if (!obj.ContainsKey(required!.GetValue<string>()))
                        {
                            errors.Add($"{at}: missing {required}");
                        }
                    }

                    break;
                case "properties" when value is JsonObject obj:
                    foreach (var (property, propertySchema) in argument!.AsObject())
                    {
                        if (obj.TryGetPropertyValue(property, out var child))
                        {
                            Check(propertySchema, child, $"{at}.{property}", errors);
                        }
                    }

                    break;
                case "additionalProperties" when value is JsonObject obj:
                    var known = schema["properties"]?.AsObject().Select(p => p.Key).ToHashSet() ?? [];
                    foreach (var (property, child) in obj)
                    {
                        if (!known.Contains(property))
                        {
                            Check(argument, child, $"{at}.{property}", errors);
                        }
                    }

                    break;
                case "propertyNames" when value is JsonObject obj:
                    foreach (var (property, _) in obj)
                    {
                        Check(argument, JsonValue.Create(property), $"{at}.{property} (name)", errors);
                    }

                    break;
                case "items" when value is JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Check(argument, array[i], $"{at}[{i}]", errors);
                    }

                    break;
                case "oneOf":
                    var matching = argument!.AsArray().Count(option => { var e = new List<string>(); Check(option, value, at, e); return e.Count == 0; });
                    if (matching != 1)
                    {
                        errors.Add($"{at}: matches {matching} of the oneOf alternatives, expected exactly 1");
                    }

                    break;
                case "properties" or "additionalProperties" or "propertyNames" or "items" or "required" or "pattern" or "maxLength":
                    break;
                default:
                    if (!Annotations.Contains(keyword))
                    {
                        throw new NotSupportedException($"schema keyword {keyword} is not supported by the test validator");
                    }

                    break;
            }
        }
    }

    private static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
        JsonValue v when v.TryGetValue<long>(out _) || v.TryGetValue<ulong>(out _) => "integer",
        _ => "number",
    };
}
