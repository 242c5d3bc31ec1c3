using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dm.Domain;
using Dm.Git;

namespace Dm.ResourceRepo;

/// <summary>Renders one resource candidate into a <see cref="RenderedResource"/> or a <see cref="BrokenResource"/>; pure given the parse function.</summary>
internal sealed class ResourceRenderer(Func<RepoFile, YamlParseResult> parse)
{
    private const string BaseFolder = "base";
    private const string VersionFolder = "version";

    public RepoResource RenderDeployable(string env, ResourceCandidate candidate, RepoFile file)
    {
        var errors = new List<RepoError>();
        var parsed = parse(file);
        if (parsed.Failure is { } failure)
        {
            errors.Add(FromFailure(file.Path, env, candidate.Name, failure));
            return Broken(env, candidate, null, errors);
        }

        var manifests = ToManifests(env, candidate.Name, file, parsed.Documents, null, null, errors);
        return errors.Count > 0
            ? Broken(env, candidate, null, errors)
            : new RenderedResource(env, candidate.Name, null, candidate.Sources, manifests, ContentHasher.Hash(manifests));
    }

    public RepoResource RenderTemplate(string env, ResourceCandidate candidate, bool deployed)
    {
        var versionFile = candidate.Version!;
        var errors = new List<RepoError>();
        var (values, version) = ReadVersionFile(env, candidate.Name, versionFile, errors);
        if (candidate.Base is not { } baseFile)
        {
            if (deployed)
            {
                var expected = $"{env}/{BaseFolder}/{versionFile.Path[(env.Length + VersionFolder.Length + 2)..]}";
                errors.Add(FileContext.CreateError(versionFile.Path, 0, 0, null, env, candidate.Name, Reasons.MissingBaseFile,
                    $"version file has no base file {expected}"));
            }

            return errors.Count > 0 || values is null
                ? Broken(env, candidate, version, errors)
                : new RenderedResource(env, candidate.Name, version, candidate.Sources, [], HashValues(values)) { Source = VersionSource.Of(values) };
        }

        var parsed = parse(baseFile);
        if (parsed.Failure is { } failure)
        {
            errors.Add(FromFailure(baseFile.Path, env, candidate.Name, failure));
        }

        if (errors.Count > 0 || values is null)
        {
            return Broken(env, candidate, version, errors);
        }

        var manifests = ToManifests(env, candidate.Name, baseFile, parsed.Documents, values, versionFile.Path, errors);
        return errors.Count > 0
            ? Broken(env, candidate, version, errors)
            : new RenderedResource(env, candidate.Name, version, candidate.Sources, manifests, ContentHasher.Hash(manifests)) { Source = VersionSource.Of(values) };
    }

    private (Dictionary<string, string>? Values, string? Version) ReadVersionFile(string env, string name, RepoFile file, List<RepoError> errors)
    {
        var parsed = parse(file);
        if (parsed.Failure is { } failure)
        {
            errors.Add(FromFailure(file.Path, env, name, failure));
            return (null, null);
        }

        var documents = parsed.Documents.Where(d => d is not null).ToList();
        if (documents.Count != 1 || documents[0] is not YamlMapping map)
        {
            var at = documents.Count > 0 ? documents[documents.Count > 1 ? 1 : 0] : null;
            errors.Add(FileContext.CreateError(file.Path, at?.Line ?? 0, at?.Column ?? 0, null, env, name, Reasons.InvalidVersionFile,
                "version file must be one map of keys to values, e.g. \"version: 1.4.2\""));
            return (null, null);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            switch (value)
            {
                case YamlScalar { IsPlain: true, Value: "" or "~" or "null" or "Null" or "NULL" }:
                    break;
                case YamlScalar scalar:
                    values[key.Value] = scalar.Value;
                    break;
                default:
                    errors.Add(FileContext.CreateError(file.Path, value.Line, value.Column, key.Value, env, name, Reasons.InvalidVersionFile,
                        $"value of \"{key.Value}\" must be a single value, not a {(value is YamlMapping ? "map" : "list")}"));
                    break;
            }
        }

        if (!values.TryGetValue("version", out var version))
        {
            errors.Add(FileContext.CreateError(file.Path, map.Line, map.Column, "version", env, name, Reasons.InvalidVersionFile,
                "version file has no \"version\" value"));
        }

        return (values, version);
    }

    private static List<RenderedManifest> ToManifests(string env, string name, RepoFile file, IReadOnlyList<YamlNode?> documents,
        Dictionary<string, string>? values, string? versionPath, List<RepoError> errors)
    {
        var manifests = new List<RenderedManifest>();
        var problems = new List<PlaceholderProblem>();
        foreach (var document in documents)
        {
            if (document is null)
            {
                continue;
            }

            problems.Clear();
            var json = ManifestRenderer.ToJson(document, values, problems);
            foreach (var problem in problems.DistinctBy(p => p.Placeholder))
            {
                var text = problem.Key is null
                    ? $"malformed placeholder {problem.Placeholder} (write ${{key}} with letters, digits, '_', '-' or '.'; $$ for a literal $)"
                    : $"placeholder {problem.Placeholder} has no value in {versionPath}";
                errors.Add(FileContext.CreateError(file.Path, problem.Line, problem.Column, null, env, name, Reasons.UnresolvedPlaceholder, text));
            }

            if (problems.Count > 0)
            {
                continue;
            }

            var manifest = ToManifest(json, document, env, name, file.Path, errors);
            if (manifest is not null)
            {
                manifests.Add(manifest);
            }
        }

        if (manifests.Count == 0 && errors.Count == 0)
        {
            errors.Add(FileContext.CreateError(file.Path, 0, 0, null, env, name, Reasons.InvalidManifest, "file has no manifest (it is empty)"));
        }

        return manifests;
    }

    private static RenderedManifest? ToManifest(JsonNode? json, YamlNode document, string env, string name, string path, List<RepoError> errors)
    {
        RenderedManifest? Fail(string text)
        {
            errors.Add(FileContext.CreateError(path, document.Line, document.Column, null, env, name, Reasons.InvalidManifest, text));
            return null;
        }

        if (json is not JsonObject obj)
        {
            return Fail("manifest must be a map with apiVersion, kind and metadata");
        }

        static string? Text(JsonNode? node) =>
            node is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

        var apiVersion = Text(obj["apiVersion"]);
        var kind = Text(obj["kind"]);
        var metadata = obj["metadata"] as JsonObject;
        var manifestName = Text(metadata?["name"]);
        var missing = new List<string>();
        if (apiVersion is null)
        {
            missing.Add("apiVersion");
        }

        if (kind is null)
        {
            missing.Add("kind");
        }

        if (manifestName is null)
        {
            missing.Add("metadata.name");
        }

        if (missing.Count > 0)
        {
            return Fail($"manifest has no {string.Join(", ", missing)} (each must be a non-empty string)");
        }

        var ns = metadata!["namespace"];
        if (ns is not null && Text(ns) is null)
        {
            return Fail("metadata.namespace must be a non-empty string when present");
        }

        return new RenderedManifest(ResourceKey.FromApiVersion(apiVersion!, kind!, Text(ns), manifestName!), obj);
    }

    private static string HashValues(Dictionary<string, string> values)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('\0').Append(value).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static BrokenResource Broken(string env, ResourceCandidate candidate, string? version, IReadOnlyList<RepoError> errors) =>
        new(env, candidate.Name, version, candidate.Sources, errors);

    public static RepoError FromFailure(string path, string? env, string? resource, YamlParseFailure failure) =>
        FileContext.CreateError(path, failure.Line, failure.Column, null, env, resource, failure.Reason, failure.Message);
}
