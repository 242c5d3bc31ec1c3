using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Dm.Common.ResourceRepo;

/// <summary>
/// Turns a <see cref="RepoSnapshot"/> into a <see cref="ResourceRepoModel"/>: root files, environments, locks and
/// rendered resources, with every problem as a <see cref="RepoError"/> on the part it affects.
/// <para>
/// The result depends only on the snapshot and the options. The reader keeps a cache between calls, keyed by blob ids
/// (parsed files) and by the blob ids a resource comes from (rendered resources), so reading a snapshot that differs in
/// one file re-parses and re-renders only that file's resource. The cache holds what the last read used, nothing older.
/// Calls are serialized; one reader may be shared.
/// </para>
/// </summary>
public sealed class ResourceRepoReader(ResourceRepoOptions? options = null)
{
    private const string DeployableFolder = "deployable";
    private const string BaseFolder = "base";
    private const string VersionFolder = "version";

    private readonly ResourceRepoOptions _options = options ?? ResourceRepoOptions.Default;
    private readonly Lock _gate = new();
    private Dictionary<string, YamlParseResult> _parsed = new(StringComparer.Ordinal);
    private Dictionary<string, RepoResource> _rendered = new(StringComparer.Ordinal);

    /// <summary>Cache figures of the most recent read (for tests, metrics and benchmarks).</summary>
    public ResourceRepoReadStatistics LastRead { get; private set; } = ResourceRepoReadStatistics.None;

    public ResourceRepoModel Read(RepoSnapshot snapshot)
    {
        lock (_gate)
        {
            var pass = new ReadPass(this, snapshot);
            var model = pass.Run();
            _parsed = pass.Parsed;
            _rendered = pass.Rendered;
            LastRead = pass.Statistics;
            return model;
        }
    }

    private sealed class EnvironmentFiles(string name)
    {
        public string Name { get; } = name;
        public RepoFile? Locks { get; set; }
        public List<RepoFile> Deployables { get; } = [];
        public SortedDictionary<string, RepoFile> Bases { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, RepoFile> Versions { get; } = new(StringComparer.Ordinal);
        public bool HasFolder { get; set; }
    }

    /// <summary>A resource as found on disk before rendering: one deployable, or a base and/or version file.</summary>
    private sealed record Candidate(string Name, RepoFile? Deployable, RepoFile? Base, RepoFile? Version)
    {
        public RepoFile Primary => Deployable ?? Base ?? Version!;

        public IReadOnlyList<SourceFile> Sources =>
            new[] { Deployable, Base, Version }.Where(f => f is not null).Select(f => new SourceFile(f!.Path, f.BlobId)).ToList();
    }

    private sealed class ReadPass(ResourceRepoReader reader, RepoSnapshot snapshot)
    {
        private readonly List<RepoError> _errors = [];
        private int _filesParsed;
        private int _filesReused;
        private int _resourcesRendered;
        private int _resourcesReused;

        public Dictionary<string, YamlParseResult> Parsed { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, RepoResource> Rendered { get; } = new(StringComparer.Ordinal);

        public ResourceRepoReadStatistics Statistics => new(_filesParsed, _filesReused, _resourcesRendered, _resourcesReused);

        private ResourceRepoOptions Options => reader._options;

        public ResourceRepoModel Run()
        {
            var environments = new SortedDictionary<string, EnvironmentFiles>(StringComparer.Ordinal);
            RepoFile? deployersFile = null, transitionsFile = null, stateFile = null;
            foreach (var (path, file) in snapshot.Files)
            {
                if (!IsSafePath(path))
                {
                    _errors.Add(FileContext.CreateError(path, 0, 0, null, null, null, RepoErrorReasons.InvalidPath,
                        "path is not a plain relative path inside the repo (no leading '/', '\\', '.', '..' or empty segments)"));
                    continue;
                }

                var segments = path.Split('/');
                if (segments.Length == 1)
                {
                    switch (path)
                    {
                        case RootFiles.DeployersFile: deployersFile = file; break;
                        case RootFiles.TransitionsFile: transitionsFile = file; break;
                        case RootFiles.TransitionStateFile: stateFile = file; break;
                        default: break;
                    }

                    continue;
                }

                var isLocks = segments.Length == 2 && segments[1] == RootFiles.LocksFile;
                var folder = segments.Length >= 3 ? segments[1] : null;
                var isResourceFile = folder is DeployableFolder or BaseFolder or VersionFolder && IsYamlFile(path);
                if (!isLocks && !isResourceFile && folder is not (DeployableFolder or BaseFolder or VersionFolder))
                {
                    continue;
                }

                var env = GetEnvironment(environments, segments[0]);
                env.HasFolder = true;
                if (isLocks)
                {
                    env.Locks = file;
                }
                else if (isResourceFile)
                {
                    var relative = path[(segments[0].Length + folder!.Length + 2)..];
                    switch (folder)
                    {
                        case DeployableFolder: env.Deployables.Add(file); break;
                        case BaseFolder: env.Bases[relative] = file; break;
                        default: env.Versions[relative] = file; break;
                    }
                }
            }

            var deployers = deployersFile is null ? [] : RootFiles.ReadDeployers(Context(deployersFile.Path, null), Single(deployersFile, null));
            var transitions = transitionsFile is null ? [] : RootFiles.ReadTransitions(Context(transitionsFile.Path, null), Single(transitionsFile, null));
            var states = stateFile is null ? [] : RootFiles.ReadTransitionStates(Context(stateFile.Path, null), Single(stateFile, null));

            foreach (var deployer in deployers)
            {
                var env = GetEnvironment(environments, deployer.Environment);
                if (!env.HasFolder)
                {
                    var node = Single(deployersFile!, null) is YamlMapping top && top.Get("deployers") is YamlMapping map
                        ? map.Entries.First(e => e.Key.Value == deployer.Environment).Key
                        : null;
                    Context(deployersFile!.Path, null).Error(node, $"deployers.{deployer.Environment}", RepoErrorReasons.EnvironmentFolderMissing,
                        $"deployers.{deployer.Environment}: the repo has no folder {deployer.Environment}/ with deployable/, base/, version/ or locks.yaml");
                }
            }

            var deployed = deployers.Select(d => d.Environment).ToHashSet(StringComparer.Ordinal);
            var result = new List<RepoEnvironment>();
            foreach (var env in environments.Values)
            {
                if (!RepoNames.IsDnsLabel(env.Name))
                {
                    _errors.Add(FileContext.CreateError(env.Name + "/", 0, 0, null, env.Name, null, RepoErrorReasons.InvalidName,
                        $"environment name \"{env.Name}\" is not {RepoNames.LabelRule}; the folder is ignored"));
                    continue;
                }

                result.Add(ReadEnvironment(env, deployed.Contains(env.Name)));
            }

            _errors.Sort(static (a, b) =>
            {
                var c = string.CompareOrdinal(a.File, b.File);
                c = c != 0 ? c : a.Line.CompareTo(b.Line);
                c = c != 0 ? c : a.Column.CompareTo(b.Column);
                return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
            });
            return new ResourceRepoModel(snapshot.Revision, deployers, transitions, states, result, _errors);
        }

        private static EnvironmentFiles GetEnvironment(SortedDictionary<string, EnvironmentFiles> environments, string name)
        {
            if (!environments.TryGetValue(name, out var env))
            {
                env = new EnvironmentFiles(name);
                environments[name] = env;
            }

            return env;
        }

        private RepoEnvironment ReadEnvironment(EnvironmentFiles env, bool deployed)
        {
            var locks = env.Locks is null ? EnvironmentLocks.None : RootFiles.ReadLocks(Context(env.Locks.Path, env.Name), Single(env.Locks, env.Name));
            var candidates = new List<Candidate>();
            foreach (var file in env.Deployables)
            {
                candidates.Add(new Candidate(ResourceName(file.Path), file, null, null));
            }

            foreach (var (relative, file) in env.Bases)
            {
                env.Versions.TryGetValue(relative, out var version);
                candidates.Add(new Candidate(ResourceName(file.Path), null, file, version));
            }

            foreach (var (relative, file) in env.Versions)
            {
                if (!env.Bases.ContainsKey(relative))
                {
                    candidates.Add(new Candidate(ResourceName(file.Path), null, null, file));
                }
            }

            var resources = new List<RepoResource>();
            foreach (var group in candidates.GroupBy(c => c.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var members = group.OrderBy(c => c.Primary.Path, StringComparer.Ordinal).ToList();
                if (members.Count > 1)
                {
                    foreach (var member in members)
                    {
                        var others = string.Join(", ", members.Where(m => m != member).Select(m => m.Primary.Path));
                        var error = FileContext.CreateError(member.Primary.Path, 0, 0, null, env.Name, group.Key, RepoErrorReasons.DuplicateResource,
                            $"resource \"{group.Key}\" is also defined by {others}; each resource name may appear once per environment");
                        resources.Add(Broken(env.Name, member, null, [error]));
                    }

                    continue;
                }

                resources.Add(ReadResource(env.Name, members[0], deployed));
            }

            foreach (var broken in resources.OfType<BrokenResource>())
            {
                _errors.AddRange(broken.Errors);
            }

            return new RepoEnvironment(env.Name, locks, resources);
        }

        private RepoResource ReadResource(string env, Candidate candidate, bool deployed)
        {
            if (!RepoNames.IsDnsSubdomain(candidate.Name))
            {
                return Broken(env, candidate, null, [FileContext.CreateError(candidate.Primary.Path, 0, 0, null, env, candidate.Name, RepoErrorReasons.InvalidName,
                    $"resource name \"{candidate.Name}\" (the file name without extension) is not {RepoNames.SubdomainRule}")]);
            }

            if (candidate.Version is null && candidate.Base is { } baseOnly)
            {
                var expected = $"{env}/{VersionFolder}/{baseOnly.Path[(env.Length + BaseFolder.Length + 2)..]}";
                return Broken(env, candidate, null, [FileContext.CreateError(baseOnly.Path, 0, 0, null, env, candidate.Name, RepoErrorReasons.MissingVersionFile,
                    $"base file has no version file {expected}")]);
            }

            var cacheKey = string.Join('\0', env, deployed ? "1" : "0", candidate.Deployable?.Path, candidate.Deployable?.BlobId,
                candidate.Base?.Path, candidate.Base?.BlobId, candidate.Version?.Path, candidate.Version?.BlobId);
            if (reader._rendered.TryGetValue(cacheKey, out var cached) || Rendered.TryGetValue(cacheKey, out cached))
            {
                _resourcesReused++;
                Rendered[cacheKey] = cached;
                foreach (var source in cached.SourceFiles)
                {
                    // Keep the parsed files too, so a later change to one file of this resource re-parses only that file.
                    if (!Parsed.ContainsKey(source.BlobId) && reader._parsed.TryGetValue(source.BlobId, out var parsed))
                    {
                        Parsed[source.BlobId] = parsed;
                    }
                }

                return cached;
            }

            _resourcesRendered++;
            var resource = candidate.Deployable is { } deployable
                ? RenderDeployable(env, candidate, deployable)
                : RenderTemplate(env, candidate, deployed);
            Rendered[cacheKey] = resource;
            return resource;
        }

        private RepoResource RenderDeployable(string env, Candidate candidate, RepoFile file)
        {
            var errors = new List<RepoError>();
            var parsed = Parse(file);
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

        private RepoResource RenderTemplate(string env, Candidate candidate, bool deployed)
        {
            var versionFile = candidate.Version!;
            var errors = new List<RepoError>();
            var (values, version) = ReadVersionFile(env, candidate.Name, versionFile, errors);
            if (candidate.Base is not { } baseFile)
            {
                if (deployed)
                {
                    var expected = $"{env}/{BaseFolder}/{versionFile.Path[(env.Length + VersionFolder.Length + 2)..]}";
                    errors.Add(FileContext.CreateError(versionFile.Path, 0, 0, null, env, candidate.Name, RepoErrorReasons.MissingBaseFile,
                        $"version file has no base file {expected}"));
                }

                return errors.Count > 0 || values is null
                    ? Broken(env, candidate, version, errors)
                    : new RenderedResource(env, candidate.Name, version, candidate.Sources, [], HashValues(values));
            }

            var parsed = Parse(baseFile);
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
                : new RenderedResource(env, candidate.Name, version, candidate.Sources, manifests, ContentHasher.Hash(manifests));
        }

        private (Dictionary<string, string>? Values, string? Version) ReadVersionFile(string env, string name, RepoFile file, List<RepoError> errors)
        {
            var parsed = Parse(file);
            if (parsed.Failure is { } failure)
            {
                errors.Add(FromFailure(file.Path, env, name, failure));
                return (null, null);
            }

            var documents = parsed.Documents.Where(d => d is not null).ToList();
            if (documents.Count != 1 || documents[0] is not YamlMapping map)
            {
                var at = documents.Count > 0 ? documents[documents.Count > 1 ? 1 : 0] : null;
                errors.Add(FileContext.CreateError(file.Path, at?.Line ?? 0, at?.Column ?? 0, null, env, name, RepoErrorReasons.InvalidVersionFile,
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
                        errors.Add(FileContext.CreateError(file.Path, value.Line, value.Column, key.Value, env, name, RepoErrorReasons.InvalidVersionFile,
                            $"value of \"{key.Value}\" must be a single value, not a {(value is YamlMapping ? "map" : "list")}"));
                        break;
                }
            }

            if (!values.TryGetValue("version", out var version))
            {
                errors.Add(FileContext.CreateError(file.Path, map.Line, map.Column, "version", env, name, RepoErrorReasons.InvalidVersionFile,
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
                    errors.Add(FileContext.CreateError(file.Path, problem.Line, problem.Column, null, env, name, RepoErrorReasons.UnresolvedPlaceholder, text));
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
                errors.Add(FileContext.CreateError(file.Path, 0, 0, null, env, name, RepoErrorReasons.InvalidManifest, "file has no manifest (it is empty)"));
            }

            return manifests;
        }

        private static RenderedManifest? ToManifest(JsonNode? json, YamlNode document, string env, string name, string path, List<RepoError> errors)
        {
            RenderedManifest? Fail(string text)
            {
                errors.Add(FileContext.CreateError(path, document.Line, document.Column, null, env, name, RepoErrorReasons.InvalidManifest, text));
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

        private static BrokenResource Broken(string env, Candidate candidate, string? version, IReadOnlyList<RepoError> errors) =>
            new(env, candidate.Name, version, candidate.Sources, errors);

        private static RepoError FromFailure(string path, string? env, string? resource, YamlParseFailure failure) =>
            FileContext.CreateError(path, failure.Line, failure.Column, null, env, resource, failure.Reason, failure.Message);

        private FileContext Context(string path, string? env) => new(path, env, _errors);

        /// <summary>The one document of a root or locks file (null when empty); a parse failure is reported here.</summary>
        private YamlNode? Single(RepoFile file, string? env)
        {
            var parsed = Parse(file);
            if (parsed.Failure is { } failure)
            {
                _errors.Add(FromFailure(file.Path, env, null, failure));
                return null;
            }

            var documents = parsed.Documents.Where(d => d is not null).ToList();
            if (documents.Count > 1)
            {
                _errors.Add(FileContext.CreateError(file.Path, documents[1]!.Line, documents[1]!.Column, null, env, null, RepoErrorReasons.InvalidYaml,
                    "file must hold one YAML document; the documents after the first are ignored"));
            }

            return documents.Count > 0 ? documents[0] : null;
        }

        private YamlParseResult Parse(RepoFile file)
        {
            if (file.Content.Length > Options.MaxFileBytes)
            {
                return YamlParseResult.Failed(RepoErrorReasons.FileTooLarge,
                    $"file is {file.Content.Length} bytes; the limit is {Options.MaxFileBytes} bytes", 0, 0);
            }

            if (Parsed.TryGetValue(file.BlobId, out var result))
            {
                return result;
            }

            if (reader._parsed.TryGetValue(file.BlobId, out result))
            {
                _filesReused++;
            }
            else
            {
                _filesParsed++;
                result = YamlFileParser.Parse(file.Content, Options);
            }

            Parsed[file.BlobId] = result;
            return result;
        }

        private static string ResourceName(string path)
        {
            var fileName = path[(path.LastIndexOf('/') + 1)..];
            return fileName[..fileName.LastIndexOf('.')];
        }

        private static bool IsYamlFile(string path) =>
            path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal);

        private static bool IsSafePath(string path)
        {
            if (path.Length == 0 || path[0] == '/' || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal)
                || (path.Length > 1 && path[1] == ':'))
            {
                return false;
            }

            foreach (var segment in path.Split('/'))
            {
                if (segment.Length == 0 || segment == "." || segment == "..")
                {
                    return false;
                }
            }

            return true;
        }
    }
}
