using System.Collections.Concurrent;
using Dm.Domain;
using Dm.Git;

namespace Dm.ResourceRepo;

/// <summary>
/// Turns a <see cref="RepoSnapshot"/> into a <see cref="ResourceRepoModel"/>: root files, environments, locks and
/// rendered resources, with every problem as a <see cref="RepoError"/> on the part it affects.
/// <para>
/// The result depends only on the snapshot and the options. The reader keeps a cache between calls, keyed by blob ids
/// (parsed files) and by the files a resource comes from (rendered resources), so reading a snapshot that differs in
/// one file re-parses and re-renders only that file's resource. When the paths are those of the last read (only
/// contents changed), it also keeps where each path belongs and reuses, as the same instance, the resource list of
/// every environment whose resource files did not change. The cache keeps what the last read used, nothing older.
/// Calls are serialized; one reader may be shared. Rendered manifests are shared between models: treat them as read-only.
/// </para>
/// </summary>
public sealed class ResourceRepoReader(ResourceRepoOptions? options = null)
{
    private const string DeployableFolder = "deployable";
    private const string BaseFolder = "base";
    private const string VersionFolder = "version";
    private const int ParallelThreshold = 32;

    private readonly ResourceRepoOptions _options = Validated(options ?? ResourceRepoOptions.Default);
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ParseSlot> _parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RenderSlot> _rendered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnvironmentResult> _environments = new(StringComparer.Ordinal);
    private Classification? _classification;
    private int _generation;

    /// <summary>Cache figures of the most recent read (for tests, metrics and benchmarks).</summary>
    public ResourceRepoReadStatistics LastRead { get; private set; } = ResourceRepoReadStatistics.None;

    public ResourceRepoModel Read(RepoSnapshot snapshot)
    {
        lock (_gate)
        {
            _generation++;

            // A read that fails half-way must not leave a half-updated classification for the next one.
            var previous = _classification;
            _classification = null;
            var pass = new ReadPass(this, snapshot, _generation);
            var model = pass.Run(previous);
            foreach (var (blob, slot) in _parsed)
            {
                if (slot.Generation != _generation)
                {
                    _parsed.TryRemove(blob, out _);
                }
            }

            foreach (var stale in _rendered.Where(r => r.Value.Generation != _generation).Select(r => r.Key).ToList())
            {
                _rendered.Remove(stale);
            }

            LastRead = pass.Statistics;
            return model;
        }
    }

    private static EnvironmentFiles GetEnvironment(Dictionary<string, EnvironmentFiles> environments, string name)
    {
        if (!environments.TryGetValue(name, out var env))
        {
            env = new EnvironmentFiles(name);
            environments[name] = env;
        }

        return env;
    }

    private static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal);

    private static bool IsSafePath(string path)
    {
        if (path.Length == 0 || path[0] == '/' || path[^1] == '/' || path.Contains('\\', StringComparison.Ordinal)
            || path.Contains('\0', StringComparison.Ordinal) || (path.Length > 1 && path[1] == ':'))
        {
            return false;
        }

        var segmentStart = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var length = i - segmentStart;
                if (length == 0 || (length == 1 && path[segmentStart] == '.') || (length == 2 && path[segmentStart] == '.' && path[segmentStart + 1] == '.'))
                {
                    return false;
                }

                segmentStart = i + 1;
            }
        }

        return true;
    }

    private static ResourceRepoOptions Validated(ResourceRepoOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFileBytes, 1, nameof(options.MaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxAliasesPerDocument, nameof(options.MaxAliasesPerDocument));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNodesPerDocument, 1, nameof(options.MaxNodesPerDocument));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNestingDepth, 1, nameof(options.MaxNestingDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1, nameof(options.MaxDegreeOfParallelism));
        return options;
    }

    private sealed class EnvironmentFiles(string name)
    {
        public string Name { get; } = name;
        public RepoFile? Locks { get; set; }

        /// <summary>The path of a <c>locks.yml</c> beside (or instead of) <c>locks.yaml</c>: a lock meant but not read.</summary>
        public string? MisnamedLocks { get; set; }

        public List<RepoFile> Deployables { get; } = [];
        public Dictionary<string, RepoFile> Bases { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, RepoFile> Versions { get; } = new(StringComparer.Ordinal);
        public bool HasFolder { get; set; }

        /// <summary>A resource file's content changed since the environment's resources were last read.</summary>
        public bool Changed { get; set; }
    }

    /// <summary>
    /// Where every path of a snapshot belongs. It depends only on the set of paths, so a snapshot with the same paths
    /// (only contents changed, the usual commit) updates the previous classification in place instead of walking
    /// every path again, and marks the environments whose resource files changed.
    /// </summary>
    private sealed class Classification
    {
        /// <summary>The files it was made from: its own copy, so a caller that reuses and changes one dictionary is still seen to change it.</summary>
        private readonly Dictionary<string, RepoFile> _files;

        private Classification(int count) => _files = new Dictionary<string, RepoFile>(count, StringComparer.Ordinal);
        public Dictionary<string, EnvironmentFiles> Environments { get; } = new(StringComparer.Ordinal);
        public List<RepoError> PathErrors { get; } = [];
        public RepoFile? Deployers { get; private set; }
        public RepoFile? Transitions { get; private set; }
        public RepoFile? States { get; private set; }
        public RepoFile? Notifications { get; private set; }

        public static Classification Create(IReadOnlyDictionary<string, RepoFile> files)
        {
            var classification = new Classification(files.Count);
            foreach (var (path, file) in files)
            {
                classification._files[path] = file;
                if (!IsSafePath(path))
                {
                    classification.PathErrors.Add(FileContext.CreateError(path, 0, 0, null, null, null, Reasons.InvalidPath,
                        "path is not a plain relative path inside the repo (no leading '/', '\\', '.', '..' or empty segments)"));
                    continue;
                }

                classification.Add(path, file, replace: false);
            }

            return classification;
        }

        /// <summary>
        /// Takes the contents of <paramref name="files"/> when it has exactly the paths this classification was made
        /// from; false (and nothing changed) when paths were added or removed.
        /// </summary>
        public bool TryUpdate(IReadOnlyDictionary<string, RepoFile> files)
        {
            if (files.Count != _files.Count)
            {
                return false;
            }

            List<(string Path, RepoFile File)>? modified = null;
            foreach (var (path, file) in files)
            {
                if (!_files.TryGetValue(path, out var old))
                {
                    return false;
                }

                if (!ReferenceEquals(old, file) && old.BlobId != file.BlobId)
                {
                    (modified ??= []).Add((path, file));
                }
            }

            foreach (var (path, file) in modified ?? [])
            {
                _files[path] = file;
                if (IsSafePath(path))
                {
                    Add(path, file, replace: true);
                }
            }

            return true;
        }

        private void Add(string path, RepoFile file, bool replace)
        {
            var first = path.IndexOf('/', StringComparison.Ordinal);
            if (first < 0)
            {
                switch (path)
                {
                    case RootFiles.DeployersFile: Deployers = file; break;
                    case RootFiles.TransitionsFile: Transitions = file; break;
                    case RootFiles.TransitionStateFile: States = file; break;
                    case RootFiles.NotificationsFile: Notifications = file; break;
                    default: break;
                }

                return;
            }

            var second = path.IndexOf('/', first + 1);
            if (second < 0)
            {
                if (path.AsSpan(first + 1).SequenceEqual(RootFiles.LocksFile))
                {
                    var env = GetEnvironment(Environments, path[..first]);
                    env.HasFolder = true;
                    env.Locks = file;
                }
                else if (path.AsSpan(first + 1).SequenceEqual(RootFiles.MisnamedLocksFile))
                {
                    var env = GetEnvironment(Environments, path[..first]);
                    env.HasFolder = true;
                    env.MisnamedLocks = path;
                }

                return;
            }

            var folder = path.AsSpan(first + 1, second - first - 1);
            var kind = folder switch
            {
                DeployableFolder => 0,
                BaseFolder => 1,
                VersionFolder => 2,
                _ => -1,
            };
            if (kind < 0)
            {
                return;
            }

            var environment = GetEnvironment(Environments, path[..first]);
            environment.HasFolder = true;
            if (!IsYamlFile(path))
            {
                return;
            }

            environment.Changed |= replace;
            switch (kind)
            {
                case 0 when replace:
                    environment.Deployables[environment.Deployables.FindIndex(f => f.Path == path)] = file;
                    break;
                case 0: environment.Deployables.Add(file); break;
                case 1: environment.Bases[path[(second + 1)..]] = file; break;
                default: environment.Versions[path[(second + 1)..]] = file; break;
            }
        }
    }

    /// <summary>
    /// An environment's resources as last read, reused while its files and deployed flag stay the same; the slots are
    /// the render-cache entries its resources came from, kept alive (and counted as reused) on every read.
    /// </summary>
    private sealed record EnvironmentResult(EnvironmentFiles Files, bool Deployed, RepoResource[] Resources, List<RenderSlot> Slots);

    /// <summary>A resource queued for rendering, and the slot its result goes into.</summary>
    private sealed record PendingRender(string Environment, ResourceCandidate Candidate, bool Deployed, RepoResource?[] Slots, int Index, List<RenderSlot> CacheSlots);

    private sealed class ReadPass
    {
        private readonly ResourceRepoReader _reader;
        private readonly RepoSnapshot _snapshot;
        private readonly int _generation;
        private readonly List<RepoError> _errors = [];
        private readonly List<PendingRender> _pending = [];
        private readonly ResourceRenderer _renderer;
        private int _filesParsed;
        private int _filesReused;
        private int _resourcesReused;

        public ReadPass(ResourceRepoReader reader, RepoSnapshot snapshot, int generation)
        {
            _reader = reader;
            _snapshot = snapshot;
            _generation = generation;
            _renderer = new ResourceRenderer(Parse);
        }

        public ResourceRepoReadStatistics Statistics => new(_filesParsed, _filesReused, _pending.Count, _resourcesReused);

        private ResourceRepoOptions Options => _reader._options;

        public ResourceRepoModel Run(Classification? previous)
        {
            var classification = previous is not null && previous.TryUpdate(_snapshot.Files) ? previous : Classification.Create(_snapshot.Files);
            _errors.AddRange(classification.PathErrors);

            // Environments named only in deployers.yaml exist for this read alone; the classification stays as the paths made it.
            var environments = new Dictionary<string, EnvironmentFiles>(classification.Environments, StringComparer.Ordinal);
            RepoFile? deployersFile = classification.Deployers, transitionsFile = classification.Transitions, stateFile = classification.States;
            var deployers = deployersFile is null ? [] : RootFiles.ReadDeployers(Context(deployersFile.Path, null), Single(deployersFile, null));
            var transitions = transitionsFile is null ? [] : RootFiles.ReadTransitions(Context(transitionsFile.Path, null), Single(transitionsFile, null));
            var states = stateFile is null ? [] : RootFiles.ReadTransitionStates(Context(stateFile.Path, null), Single(stateFile, null));
            var notifications = classification.Notifications is { } notificationsFile
                ? RootFiles.ReadNotifications(Context(notificationsFile.Path, null), Single(notificationsFile, null))
                : NotificationRules.None;

            foreach (var deployer in deployers)
            {
                var env = GetEnvironment(environments, deployer.Environment);
                if (!env.HasFolder)
                {
                    var node = Single(deployersFile!, null) is YamlMapping top && top.Get("deployers") is YamlMapping map
                        ? map.Entries.First(e => e.Key.Value == deployer.Environment).Key
                        : null;
                    Context(deployersFile!.Path, null).Error(node, $"deployers.{deployer.Environment}", Reasons.EnvironmentFolderMissing,
                        $"deployers.{deployer.Environment}: the repo has no folder {deployer.Environment}/ with deployable/, base/, version/ or locks.yaml");
                }
            }

            var deployed = deployers.Select(d => d.Environment).ToHashSet(StringComparer.Ordinal);
            var read = new List<(EnvironmentFiles Files, bool Deployed, EnvironmentLocks Locks, RepoResource?[]? Resources, List<RenderSlot>? Slots)>();
            foreach (var env in environments.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (!RepoNames.IsDnsLabel(env.Name))
                {
                    _errors.Add(FileContext.CreateError(env.Name + "/", 0, 0, null, env.Name, null, Reasons.InvalidName,
                        $"environment name \"{env.Name}\" is not {RepoNames.LabelRule}; the folder is ignored"));
                    continue;
                }

                var isDeployed = deployed.Contains(env.Name);
                var (locks, resources, slots) = ReadEnvironment(env, isDeployed);
                read.Add((env, isDeployed, locks, resources, slots));
            }

            RenderPending();
            var result = new List<RepoEnvironment>(read.Count);
            var results = new Dictionary<string, EnvironmentResult>(read.Count, StringComparer.Ordinal);
            foreach (var (files, isDeployed, locks, resources, slots) in read)
            {
                RepoResource[] final;
                if (slots is null)
                {
                    final = _reader._environments[files.Name].Resources;
                    results[files.Name] = _reader._environments[files.Name];
                }
                else
                {
                    final = resources!;
                    RejectDuplicateObjects(files.Name, final);
                    files.Changed = false;
                    results[files.Name] = new EnvironmentResult(files, isDeployed, final, slots);
                }

                foreach (var resource in final)
                {
                    if (resource is BrokenResource broken)
                    {
                        _errors.AddRange(broken.Errors);
                    }
                }

                result.Add(new RepoEnvironment(files.Name, locks, final));
            }

            _reader._environments.Clear();
            foreach (var (name, environment) in results)
            {
                _reader._environments[name] = environment;
            }

            _reader._classification = classification;
            _errors.Sort(static (a, b) =>
            {
                var c = string.CompareOrdinal(a.File, b.File);
                c = c != 0 ? c : a.Line.CompareTo(b.Line);
                c = c != 0 ? c : a.Column.CompareTo(b.Column);
                return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
            });
            return new ResourceRepoModel(_snapshot.Revision, deployers, transitions, states, result, _errors) { Notifications = notifications };
        }

        /// <summary>
        /// Two manifests in one environment naming the same Kubernetes object would overwrite each other on every
        /// apply; each resource involved becomes broken with an error naming the other.
        /// </summary>
        private static void RejectDuplicateObjects(string env, RepoResource[] resources)
        {
            var first = new Dictionary<ResourceKey, int>();
            Dictionary<ResourceKey, List<int>>? owners = null;
            for (var i = 0; i < resources.Length; i++)
            {
                if (resources[i] is not RenderedResource rendered)
                {
                    continue;
                }

                foreach (var manifest in rendered.Manifests)
                {
                    if (first.TryAdd(manifest.Key, i))
                    {
                        continue;
                    }

                    owners ??= [];
                    if (!owners.TryGetValue(manifest.Key, out var list))
                    {
                        owners[manifest.Key] = list = [first[manifest.Key]];
                    }

                    list.Add(i);
                }
            }

            if (owners is null)
            {
                return;
            }

            var errors = new Dictionary<int, List<RepoError>>();
            foreach (var (key, list) in owners)
            {
                foreach (var index in list.Distinct())
                {
                    var resource = resources[index];
                    var others = list.Where(o => o != index).Distinct().Select(o => $"resource \"{resources[o].Name}\" ({resources[o].SourceFiles[0].Path})").ToList();
                    var text = others.Count == 0
                        ? $"{key} is defined more than once in this file"
                        : $"{key} is also defined by {string.Join(", ", others)}";
                    if (!errors.TryGetValue(index, out var own))
                    {
                        errors[index] = own = [];
                    }

                    own.Add(FileContext.CreateError(resource.SourceFiles[0].Path, 0, 0, null, env, resource.Name, Reasons.DuplicateObject,
                        text + "; each Kubernetes object may come from one manifest per environment"));
                }
            }

            foreach (var (index, list) in errors)
            {
                var resource = resources[index];
                resources[index] = new BrokenResource(env, resource.Name, resource.Version, resource.SourceFiles, list);
            }
        }

        /// <summary>
        /// The environment's locks and resources; null slots when its files and deployed flag are those of the last read,
        /// whose resources are then reused as they are (their cache entries are touched as a full walk would).
        /// </summary>
        private (EnvironmentLocks Locks, RepoResource?[]? Resources, List<RenderSlot>? Slots) ReadEnvironment(EnvironmentFiles env, bool deployed)
        {
            var locks = env.Locks is null ? EnvironmentLocks.None : ReadLocks(env.Locks, env.Name);
            if (env.MisnamedLocks is { } misnamed)
            {
                var error = FileContext.CreateError(misnamed, 0, 0, null, env.Name, null, Reasons.MisnamedLocksFile,
                    $"DM reads locks from {env.Name}/{RootFiles.LocksFile}, not {RootFiles.MisnamedLocksFile}; {env.Name} counts as locked until the file is renamed or removed");
                _errors.Add(error);
                locks = locks with { Problems = [.. locks.Problems, error] };
            }
            if (!env.Changed && _reader._environments.TryGetValue(env.Name, out var last) && ReferenceEquals(last.Files, env) && last.Deployed == deployed)
            {
                foreach (var slot in last.Slots)
                {
                    Reuse(slot);
                }

                return (locks, null, null);
            }

            var cacheSlots = new List<RenderSlot>(env.Bases.Count + env.Deployables.Count);
            var candidates = new List<ResourceCandidate>(env.Deployables.Count + env.Bases.Count + 8);
            foreach (var file in env.Deployables)
            {
                candidates.Add(new ResourceCandidate(ResourceName(file.Path), file, null, null));
            }

            foreach (var (relative, file) in env.Bases)
            {
                env.Versions.TryGetValue(relative, out var version);
                candidates.Add(new ResourceCandidate(ResourceName(file.Path), null, file, version));
            }

            foreach (var (relative, file) in env.Versions)
            {
                if (!env.Bases.ContainsKey(relative))
                {
                    candidates.Add(new ResourceCandidate(ResourceName(file.Path), null, null, file));
                }
            }

            candidates.Sort(static (a, b) =>
            {
                var c = string.CompareOrdinal(a.Name, b.Name);
                return c != 0 ? c : string.CompareOrdinal(a.Primary.Path, b.Primary.Path);
            });

            var slots = new RepoResource?[candidates.Count];
            var start = 0;
            while (start < candidates.Count)
            {
                var end = start + 1;
                while (end < candidates.Count && candidates[end].Name == candidates[start].Name)
                {
                    end++;
                }

                if (end - start == 1)
                {
                    slots[start] = Resolve(env.Name, candidates[start], deployed, slots, start, cacheSlots);
                }
                else
                {
                    for (var i = start; i < end; i++)
                    {
                        var member = candidates[i];
                        var others = string.Join(", ", candidates.Skip(start).Take(end - start).Where(m => m != member).Select(m => m.Primary.Path));
                        slots[i] = ResourceRenderer.Broken(env.Name, member, null, [FileContext.CreateError(member.Primary.Path, 0, 0, null, env.Name, member.Name,
                            Reasons.DuplicateResource, $"resource \"{member.Name}\" is also defined by {others}; each resource name may appear once per environment")]);
                    }
                }

                start = end;
            }

            return (locks, slots, cacheSlots);
        }

        /// <summary>The resource when it needs no rendering (an error found without parsing, or a cache hit); otherwise queues it and returns null.</summary>
        private RepoResource? Resolve(string env, ResourceCandidate candidate, bool deployed, RepoResource?[] slots, int index, List<RenderSlot> cacheSlots)
        {
            if (!RepoNames.IsDnsSubdomain(candidate.Name))
            {
                return ResourceRenderer.Broken(env, candidate, null, [FileContext.CreateError(candidate.Primary.Path, 0, 0, null, env, candidate.Name, Reasons.InvalidName,
                    $"resource name \"{candidate.Name}\" (the file name without extension) is not {RepoNames.SubdomainRule}")]);
            }

            if (candidate.Version is null && candidate.Base is { } baseOnly)
            {
                var expected = $"{env}/{VersionFolder}/{baseOnly.Path[(env.Length + BaseFolder.Length + 2)..]}";
                return ResourceRenderer.Broken(env, candidate, null, [FileContext.CreateError(baseOnly.Path, 0, 0, null, env, candidate.Name, Reasons.MissingVersionFile,
                    $"base file has no version file {expected}")]);
            }

            if (_reader._rendered.TryGetValue(candidate.Primary.Path, out var cached) && cached.Matches(candidate, deployed))
            {
                Reuse(cached);
                cacheSlots.Add(cached);
                return cached.Resource;
            }

            _pending.Add(new PendingRender(env, candidate, deployed, slots, index, cacheSlots));
            return null;
        }

        /// <summary>Counts a rendered resource as reused and keeps it, and the parsed files it came from, in the cache.</summary>
        private void Reuse(RenderSlot cached)
        {
            _resourcesReused++;
            cached.Generation = _generation;

            // Keep the parsed files too, so a later change to one file of this resource re-parses only that file.
            // The entries are remembered on the slot: a reused environment touches thousands of them on every read.
            var sources = cached.Resource.SourceFiles;
            var parsed = cached.Parsed ??= new ParseSlot?[sources.Count];
            for (var i = 0; i < parsed.Length; i++)
            {
                if (parsed[i] is null && _reader._parsed.TryGetValue(sources[i].BlobId, out var found))
                {
                    parsed[i] = found;
                }

                parsed[i]?.Touch(_generation);
            }
        }

        /// <summary>Renders every queued resource, in parallel when there are many; each render is independent and pure.</summary>
        private void RenderPending()
        {
            var results = new RepoResource[_pending.Count];
            if (_pending.Count >= ParallelThreshold && Options.MaxDegreeOfParallelism > 1)
            {
                Parallel.For(0, _pending.Count, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism }, i => results[i] = Render(_pending[i]));
            }
            else
            {
                for (var i = 0; i < _pending.Count; i++)
                {
                    results[i] = Render(_pending[i]);
                }
            }

            for (var i = 0; i < _pending.Count; i++)
            {
                var pending = _pending[i];
                pending.Slots[pending.Index] = results[i];
                var slot = new RenderSlot(pending.Candidate, pending.Deployed, results[i], _generation);
                _reader._rendered[pending.Candidate.Primary.Path] = slot;
                pending.CacheSlots.Add(slot);
            }
        }

        private RepoResource Render(PendingRender pending)
        {
            try
            {
                return pending.Candidate.Deployable is { } deployable
                    ? _renderer.RenderDeployable(pending.Environment, pending.Candidate, deployable)
                    : _renderer.RenderTemplate(pending.Environment, pending.Candidate, pending.Deployed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A defect in rendering one resource must not take the others down; it is reported on the resource.
                return ResourceRenderer.Broken(pending.Environment, pending.Candidate, null, [FileContext.CreateError(pending.Candidate.Primary.Path, 0, 0, null,
                    pending.Environment, pending.Candidate.Name, Reasons.RenderFailed, $"could not be rendered: {e.Message}")]);
            }
        }

        private FileContext Context(string path, string? env) => new(path, env, _errors);

        /// <summary>An environment's locks; every error reading the file is also kept on the locks, which then fail closed.</summary>
        private EnvironmentLocks ReadLocks(RepoFile file, string env)
        {
            var before = _errors.Count;
            var locks = RootFiles.ReadLocks(Context(file.Path, env), Single(file, env));
            return _errors.Count == before ? locks : locks with { Problems = _errors[before..] };
        }

        /// <summary>The one document of a root or locks file (null when empty); a parse failure is reported here.</summary>
        private YamlNode? Single(RepoFile file, string? env)
        {
            var parsed = Parse(file);
            if (parsed.Failure is { } failure)
            {
                _errors.Add(ResourceRenderer.FromFailure(file.Path, env, null, failure));
                return null;
            }

            var documents = parsed.Documents.Where(d => d is not null).ToList();
            if (documents.Count > 1)
            {
                _errors.Add(FileContext.CreateError(file.Path, documents[1]!.Line, documents[1]!.Column, null, env, null, Reasons.InvalidYaml,
                    "file must hold one YAML document; the documents after the first are ignored"));
            }

            return documents.Count > 0 ? documents[0] : null;
        }

        /// <summary>Parses a file once per blob id (thread-safe), reusing the previous read's result for known blobs.</summary>
        private YamlParseResult Parse(RepoFile file)
        {
            if (file.Content.Length > Options.MaxFileBytes)
            {
                return YamlParseResult.Failed(Reasons.FileTooLarge,
                    $"file is {file.Content.Length} bytes; the limit is {Options.MaxFileBytes} bytes", 0, 0);
            }

            var slot = _reader._parsed.GetOrAdd(file.BlobId, static (_, state) => new ParseSlot(() =>
            {
                Interlocked.Increment(ref state.Pass._filesParsed);
                return YamlFileParser.Parse(state.File.Content, state.Pass.Options);
            }, state.Pass._generation), (Pass: this, File: file));
            if (slot.Touch(_generation))
            {
                Interlocked.Increment(ref _filesReused);
            }

            return slot.Result;
        }

        private static string ResourceName(string path)
        {
            var slash = path.LastIndexOf('/');
            var dot = path.LastIndexOf('.');
            return path[(slash + 1)..dot];
        }
    }
}
