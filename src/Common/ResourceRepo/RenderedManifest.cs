using System.Text.Json.Nodes;
using Dm.Domain;

namespace Dm.ResourceRepo;

/// <summary>
/// One Kubernetes object of a resource. <see cref="Key"/> has an empty namespace when the manifest names none (the
/// deployer fills in its target namespace). <see cref="Content"/> is shared with the reader's cache: treat it as
/// read-only and <c>DeepClone()</c> it before changing it.
/// </summary>
public sealed record RenderedManifest(ResourceKey Key, JsonObject Content);
