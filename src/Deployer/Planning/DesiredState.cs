using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dm.ResourceRepo;

namespace Dm.Deployer.Planning;

/// <summary>What an environment should look like at one revision: the objects to have, and the resources that did not render.</summary>
public sealed record DesiredState(
    string Environment,
    IReadOnlyList<RenderedResource> Rendered,
    IReadOnlyList<DesiredObject> Objects,
    IReadOnlyList<BrokenResource> Broken)
{
    /// <summary>
    /// Builds the desired objects of <paramref name="environment"/> for <paramref name="target"/>: a namespaced manifest
    /// without a namespace gets the target's (<paramref name="isNamespaced"/> answers from discovery), and every object
    /// gets DM's annotations and the hash of its content.
    /// </summary>
    public static DesiredState Build(RepoEnvironment environment, DeployerTarget target, Func<string, string, bool> isNamespaced) =>
        Build(environment, r => ObjectsOf(r, target, isNamespaced));

    /// <summary>Builds with <paramref name="objectsOf"/> giving the desired objects of each rendered resource (a cache may answer).</summary>
    public static DesiredState Build(RepoEnvironment environment, Func<RenderedResource, IReadOnlyList<DesiredObject>> objectsOf)
    {
        var objects = new List<DesiredObject>();
        var rendered = new List<RenderedResource>();
        var broken = new List<BrokenResource>();
        foreach (var resource in environment.Resources)
        {
            switch (resource)
            {
                case BrokenResource b:
                    broken.Add(b);
                    break;
                case RenderedResource r:
                    rendered.Add(r);
                    objects.AddRange(objectsOf(r));
                    break;
            }
        }

        return new DesiredState(environment.Name, rendered, objects, broken);
    }

    /// <summary>
    /// The manifest read back from its JSON: a node over one read-only document, ~4× smaller than the tree it was built
    /// as (one node per value) for as long as nothing walks it; applying it writes the document as it is, and
    /// <see cref="DriftDetector"/> compares documents.
    /// </summary>
    private static JsonObject Compact(JsonObject content)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            content.WriteTo(writer);
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// <summary>The desired objects of one rendered resource for <paramref name="target"/>.</summary>
    public static IReadOnlyList<DesiredObject> ObjectsOf(RenderedResource resource, DeployerTarget target, Func<string, string, bool> isNamespaced) =>
        [.. resource.Manifests.Select(m => Desire(resource, m, target, isNamespaced(m.Key.Group, m.Key.Kind)))];

    private static DesiredObject Desire(RenderedResource resource, RenderedManifest manifest, DeployerTarget target, bool namespaced)
    {
        var content = manifest.Content.DeepClone().AsObject();
        var metadata = content["metadata"]?.AsObject() ?? [];
        content["metadata"] = metadata;
        var ns = namespaced ? (manifest.Key.Namespace.Length > 0 ? manifest.Key.Namespace : target.Namespace) : string.Empty;
        if (namespaced)
        {
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        var annotations = metadata["annotations"] as JsonObject ?? [];
        metadata["annotations"] = annotations;
        annotations[DeployerAnnotations.Resource] = resource.Name;
        annotations[DeployerAnnotations.Environment] = resource.Environment;
        if (resource.Version is { } version)
        {
            annotations[DeployerAnnotations.Version] = version;
        }

        annotations.Remove(DeployerAnnotations.ContentHash);
        var hash = ContentHasher.Of(content);
        annotations[DeployerAnnotations.ContentHash] = hash;
        var key = manifest.Key with { Namespace = ns };
        return new DesiredObject(key, resource.Name, resource.Version, Compact(content), hash);
    }
}
