using System.Text.Json.Nodes;
using Dm.ClusterSimulator.Store;

namespace Dm.ClusterSimulator.Api;

/// <summary>The discovery documents: legacy (<c>APIVersions</c>, <c>APIGroupList</c>, <c>APIResourceList</c>) and aggregated (<c>apidiscovery.k8s.io/v2</c>).</summary>
internal static class Discovery
{
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "32",
        ["gitVersion"] = "v1.32.0-dm-simulator",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.4",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(IReadOnlyList<ApiResourceType> types)
    {
        var groups = new JsonArray();
        foreach (var group in Groups(types))
        {
            groups.Add(Group(group.Key, group.Value));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? GroupDocument(IReadOnlyList<ApiResourceType> types, string group)
    {
        var versions = Groups(types).FirstOrDefault(g => g.Key == group).Value;
        if (versions is null)
        {
            return null;
        }

        var document = Group(group, versions);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }

    public static JsonObject? ResourceList(IReadOnlyList<ApiResourceType> types, string group, string version)
    {
        var matching = types.Where(t => t.Group == group && t.Version == version).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var type in matching)
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = Strings(AllVerbs),
            };
            if (type.ShortNames.Count > 0)
            {
                resource["shortNames"] = Strings(type.ShortNames);
            }

            if (type.Categories.Count > 0)
            {
                resource["categories"] = Strings(type.Categories);
            }

            resources.Add(resource);
            foreach (var (sub, kind, subGroup, subVersion) in Subresources(type))
            {
                var subresource = new JsonObject
                {
                    ["name"] = $"{type.Plural}/{sub}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = kind,
                    ["verbs"] = Strings(SubresourceVerbs),
                };
                if (subGroup is not null)
                {
                    subresource["group"] = subGroup;
                    subresource["version"] = subVersion;
                }

                resources.Add(subresource);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    /// <summary>The aggregated discovery list for <c>/api</c> (core only) or <c>/apis</c> (every named group).</summary>
    public static JsonObject Aggregated(IReadOnlyList<ApiResourceType> types, bool core)
    {
        var items = new JsonArray();
        foreach (var (group, versions) in Groups(types).Where(g => (g.Key.Length == 0) == core))
        {
            var versionArray = new JsonArray();
            foreach (var version in versions)
            {
                var resources = new JsonArray();
                foreach (var type in types.Where(t => t.Group == group && t.Version == version))
                {
                    var resource = new JsonObject
                    {
                        ["resource"] = type.Plural,
                        ["responseKind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
                        ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = type.Singular,
                        ["verbs"] = Strings(AllVerbs),
                    };
                    if (type.ShortNames.Count > 0)
                    {
                        resource["shortNames"] = Strings(type.ShortNames);
                    }

                    if (type.Categories.Count > 0)
                    {
                        resource["categories"] = Strings(type.Categories);
                    }

                    var subresources = new JsonArray();
                    foreach (var (sub, kind, subGroup, subVersion) in Subresources(type))
                    {
                        subresources.Add(new JsonObject
                        {
                            ["subresource"] = sub,
                            ["responseKind"] = new JsonObject { ["group"] = subGroup ?? type.Group, ["version"] = subVersion ?? type.Version, ["kind"] = kind },
                            ["verbs"] = Strings(SubresourceVerbs),
                        });
                    }

                    if (subresources.Count > 0)
                    {
                        resource["subresources"] = subresources;
                    }

                    resources.Add(resource);
                }

                versionArray.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }

            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (!core)
            {
                metadata["name"] = group;
            }

            items.Add(new JsonObject { ["metadata"] = metadata, ["versions"] = versionArray });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static IEnumerable<(string Name, string Kind, string? Group, string? Version)> Subresources(ApiResourceType type)
    {
        if (type.HasStatus)
        {
            yield return ("status", type.Kind, null, null);
        }

        if (type.HasScale)
        {
            yield return ("scale", "Scale", "autoscaling", "v1");
        }
    }

    private static List<KeyValuePair<string, List<string>>> Groups(IReadOnlyList<ApiResourceType> types)
    {
        var groups = new List<KeyValuePair<string, List<string>>>();
        foreach (var type in types)
        {
            var index = groups.FindIndex(g => g.Key == type.Group);
            if (index < 0)
            {
                groups.Add(new(type.Group, [type.Version]));
            }
            else if (!groups[index].Value.Contains(type.Version))
            {
                groups[index].Value.Add(type.Version);
            }
        }

        return groups;
    }

    private static JsonObject Group(string name, List<string> versions)
    {
        var versionArray = new JsonArray();
        foreach (var version in versions)
        {
            versionArray.Add(new JsonObject { ["groupVersion"] = $"{name}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = versionArray,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{name}/{versions[0]}", ["version"] = versions[0] },
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
