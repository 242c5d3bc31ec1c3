using System.Text.RegularExpressions;
using System.Xml;
using Dm.Domain;

namespace Dm.ResourceRepo;

/// <summary>Reads <c>deployers.yaml</c>, <c>transitions.yaml</c>, <c>transition_state.yaml</c> and <c>locks.yaml</c> from parsed YAML.</summary>
internal static class RootFiles
{
    public const string DeployersFile = "deployers.yaml";
    public const string TransitionsFile = "transitions.yaml";
    public const string TransitionStateFile = "transition_state.yaml";
    public const string NotificationsFile = NotificationRules.FileName;
    public const string LocksFile = "locks.yaml";

    /// <summary>The spelling of <see cref="LocksFile"/> DM does not read: it makes the environment count as locked.</summary>
    public const string MisnamedLocksFile = "locks.yml";

    public static IReadOnlyList<DeployerTarget> ReadDeployers(FileContext file, YamlNode? root)
    {
        var result = new List<DeployerTarget>();
        var top = file.Map(root, "file");
        if (top is null)
        {
            return result;
        }

        file.CheckKeys(top, "file", "deployers");
        var deployers = file.Map(top.Get("deployers"), "deployers");
        if (deployers is null)
        {
            return result;
        }

        foreach (var (key, value) in deployers.Entries)
        {
            var env = key.Value;
            var path = $"deployers.{env}";
            if (!RepoNames.IsDnsLabel(env))
            {
                file.Error(key, path, Reasons.InvalidName, $"environment name \"{env}\" is not {RepoNames.LabelRule}");
                continue;
            }

            var map = file.Map(value, path);
            if (map is null)
            {
                continue;
            }

            file.CheckKeys(map, path, "type", "context", "namespace", "kubeconfig", "prune", "createNamespace");
            var type = file.String(map, "type", path, required: true);
            var ns = file.String(map, "namespace", path, required: true);
            var context = file.String(map, "context", path);
            var kubeconfig = file.String(map, "kubeconfig", path);
            var prune = file.Bool(map, "prune", path) ?? false;
            var createNamespace = file.Bool(map, "createNamespace", path) ?? false;
            if (type is not null && type != "Kubernetes")
            {
                file.Error(map.Get("type"), $"{path}.type", Reasons.UnsupportedDeployerType,
                    $"{path}.type is \"{type}\"; DM deploys only with type Kubernetes");
                continue;
            }

            if (ns is not null && !RepoNames.IsDnsLabel(ns))
            {
                file.Error(map.Get("namespace"), $"{path}.namespace", Reasons.InvalidName,
                    $"{path}.namespace \"{ns}\" is not {RepoNames.LabelRule}");
                continue;
            }

            if (type is null || ns is null)
            {
                continue;
            }

            result.Add(new DeployerTarget(env, type, context, ns, kubeconfig, prune, createNamespace));
        }

        return result;
    }

    public static IReadOnlyList<TransitionDefinition> ReadTransitions(FileContext file, YamlNode? root)
    {
        var result = new List<TransitionDefinition>();
        var top = file.Map(root, "file");
        if (top is null)
        {
            return result;
        }

        file.CheckKeys(top, "file", "transitions");
        var transitions = file.Map(top.Get("transitions"), "transitions");
        if (transitions is null)
        {
            return result;
        }

        var priority = 0;
        foreach (var (key, value) in transitions.Entries)
        {
            var name = key.Value;
            var path = $"transitions.{name}";
            var map = file.Map(value, path);
            if (map is null)
            {
                continue;
            }

            var errorsBefore = file.ErrorCount;
            file.CheckKeys(map, path, "source", "target", "preconditions", "schedule", "timezone", "windows", "resources", "versionFilter");
            var source = EnvironmentName(file, map, "source", path);
            var target = EnvironmentName(file, map, "target", path);
            var preconditions = new List<TransitionPrecondition>();
            var items = file.List(map, "preconditions", path);
            for (var i = 0; i < items.Count; i++)
            {
                TransitionPrecondition? parsed = items[i] is YamlScalar scalar
                    ? scalar.Value switch
                    {
                        nameof(TransitionPrecondition.SourceClean) => TransitionPrecondition.SourceClean,
                        nameof(TransitionPrecondition.Manual) => TransitionPrecondition.Manual,
                        _ => null,
                    }
                    : null;
                if (parsed is { } precondition)
                {
                    preconditions.Add(precondition);
                }
                else
                {
                    file.Error(items[i], $"{path}.preconditions[{i}]", Reasons.InvalidValue,
                        $"{path}.preconditions[{i}] must be SourceClean or Manual");
                }
            }

            if (source is not null && source == target)
            {
                file.Error(map.Get("target"), $"{path}.target", Reasons.InvalidValue, $"{path}: source and target are both \"{source}\"");
            }

            var schedule = Schedule(file, map, "schedule", path);
            var timezone = Timezone(file, map, "timezone", path);
            var windows = new List<TransitionWindow>();
            var windowNodes = file.List(map, "windows", path);
            for (var i = 0; i < windowNodes.Count; i++)
            {
                var window = Window(file, windowNodes[i], $"{path}.windows[{i}]");
                if (window is not null)
                {
                    windows.Add(window);
                }
            }

            IReadOnlyList<string> include = [];
            IReadOnlyList<string> exclude = [];
            if (map.Get("resources") is not null)
            {
                var resources = file.Map(map.Get("resources"), $"{path}.resources");
                if (resources is not null)
                {
                    file.CheckKeys(resources, $"{path}.resources", "include", "exclude");
                    include = file.StringList(resources, "include", $"{path}.resources");
                    exclude = file.StringList(resources, "exclude", $"{path}.resources");
                }
            }

            var versionFilter = file.String(map, "versionFilter", path);
            if (versionFilter is not null && !IsRegex(versionFilter))
            {
                file.Error(map.Get("versionFilter"), $"{path}.versionFilter", Reasons.InvalidValue,
                    $"{path}.versionFilter is not a valid regular expression: \"{versionFilter}\"");
            }

            if (file.ErrorCount != errorsBefore || source is null || target is null)
            {
                // A transition with any error is left out entirely: promoting on a half-understood rule is worse than not promoting.
                priority++;
                continue;
            }

            result.Add(new TransitionDefinition(name, priority++, source, target, preconditions, schedule, timezone, windows, include, exclude, versionFilter));
        }

        return result;
    }

    public static IReadOnlyList<TransitionState> ReadTransitionStates(FileContext file, YamlNode? root)
    {
        var result = new List<TransitionState>();
        var top = file.Map(root, "file");
        if (top is null)
        {
            return result;
        }

        foreach (var (key, value) in top.Entries)
        {
            var map = file.Map(value, key.Value);
            if (map is null)
            {
                continue;
            }

            file.CheckKeys(map, key.Value, "scheduled", "last_run", "approval");
            result.Add(new TransitionState(
                key.Value,
                file.Timestamp(map, "scheduled", key.Value),
                file.Timestamp(map, "last_run", key.Value),
                ReadApproval(file, map, key.Value)));
        }

        return result;
    }

    private static TransitionApproval? ReadApproval(FileContext file, YamlMapping state, string keyPath)
    {
        var path = FileContext.Join(keyPath, "approval");
        if (state.Get("approval") is null || file.Map(state.Get("approval"), path) is not { } map)
        {
            return null;
        }

        // An approval with any error is no approval: DM never promotes on a half-read approval.
        var errorsBefore = file.ErrorCount;
        file.CheckKeys(map, path, "by", "at", "reason", "versions");
        var by = file.String(map, "by", path, required: true);
        var at = file.Timestamp(map, "at", path);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file.Map(map.Get("versions"), FileContext.Join(path, "versions")) is { } versionMap)
        {
            foreach (var (resource, value) in versionMap.Entries)
            {
                if (value is YamlScalar scalar && scalar.Value.Length > 0)
                {
                    versions[resource.Value] = scalar.Value;
                }
                else
                {
                    var versionPath = FileContext.Join(FileContext.Join(path, "versions"), resource.Value);
                    file.Error(value, versionPath, Reasons.InvalidValue, $"{versionPath} must be a version string");
                }
            }
        }

        if (by is null || at is null)
        {
            if (at is null && map.Get("at") is null)
            {
                file.Error(map, FileContext.Join(path, "at"), Reasons.MissingKey, $"{path} has no at");
            }

            return null;
        }

        var reason = file.String(map, "reason", path);
        return file.ErrorCount == errorsBefore ? new TransitionApproval(by, at.Value, reason, versions) : null;
    }

    private static readonly string[] SecretKeys = ["url", "token"];

    public static NotificationRules ReadNotifications(FileContext file, YamlNode? root)
    {
        var top = file.Map(root, "file");
        if (top is null)
        {
            return NotificationRules.None;
        }

        file.CheckKeys(top, "file", "receivers", "subscriptions");
        var receivers = new List<NotificationReceiver>();
        if (file.Map(top.Get("receivers"), "receivers") is { } receiverMap)
        {
            foreach (var (key, value) in receiverMap.Entries)
            {
                if (NotificationReceiverEntry(file, key, value) is { } receiver)
                {
                    receivers.Add(receiver);
                }
            }
        }

        var known = top.Get("receivers") is YamlMapping declared ? declared.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal) : [];
        var subscriptions = new List<NotificationSubscription>();
        var items = file.List(top, "subscriptions", string.Empty);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"subscriptions[{i}]";
            if (file.Map(items[i], path) is not { } map)
            {
                continue;
            }

            var errorsBefore = file.ErrorCount;
            file.CheckKeys(map, path, "receiver", "events", "environments", "resources");
            var receiver = file.String(map, "receiver", path, required: true);
            var events = file.StringList(map, "events", path);
            var environments = file.StringList(map, "environments", path);
            var resources = file.StringList(map, "resources", path);
            if (receiver is not null && !known.Contains(receiver))
            {
                file.Error(map.Get("receiver"), $"{path}.receiver", Reasons.InvalidValue,
                    $"{path}.receiver \"{receiver}\" is not one of the receivers ({string.Join(", ", known)})");
            }

            foreach (var type in events.Where(e => !DmEventTypes.All.Contains(e, StringComparer.Ordinal)))
            {
                file.Error(map.Get("events"), $"{path}.events", Reasons.InvalidValue,
                    $"{path}.events: \"{type}\" is not an event type ({string.Join(", ", DmEventTypes.All)})");
            }

            if (file.ErrorCount == errorsBefore && receiver is not null)
            {
                subscriptions.Add(new NotificationSubscription(receiver, events, environments, resources));
            }
        }

        return new NotificationRules(receivers, subscriptions);
    }

    private static NotificationReceiver? NotificationReceiverEntry(FileContext file, YamlScalar key, YamlNode value)
    {
        var path = $"receivers.{key.Value}";
        if (!RepoNames.IsDnsLabel(key.Value))
        {
            file.Error(key, path, Reasons.InvalidName, $"receiver name \"{key.Value}\" is not {RepoNames.LabelRule}");
            return null;
        }

        if (file.Map(value, path) is not { } map)
        {
            return null;
        }

        var errorsBefore = file.ErrorCount;
        file.CheckKeys(map, path, "type", "apiUrl", "context", "url", "token");
        foreach (var secret in SecretKeys.Where(k => map.Get(k) is not null))
        {
            // Never read: a URL with a token or an API token in git is a leaked secret.
            file.Error(map.Get(secret), $"{path}.{secret}", Reasons.SecretInRepo,
                $"{path}.{secret}: receiver secrets are never read from the repo; configure them in the daemon's config (notifications.receivers.{key.Value}.{secret}, {secret}File or {secret}Env) and remove this line");
        }

        var type = file.String(map, "type", path, required: true);
        if (type is not null && !NotificationReceiverTypes.All.Contains(type, StringComparer.Ordinal))
        {
            file.Error(map.Get("type"), $"{path}.type", Reasons.InvalidValue,
                $"{path}.type \"{type}\" is not one of {string.Join(", ", NotificationReceiverTypes.All)}");
        }

        var apiUrlText = file.String(map, "apiUrl", path);
        Uri? apiUrl = null;
        if (apiUrlText is not null && (!Uri.TryCreate(apiUrlText, UriKind.Absolute, out apiUrl) || apiUrl.Scheme is not ("https" or "http")))
        {
            file.Error(map.Get("apiUrl"), $"{path}.apiUrl", Reasons.InvalidValue, $"{path}.apiUrl \"{apiUrlText}\" is not an http(s) URL");
        }

        if (apiUrl is not null && !string.IsNullOrEmpty(apiUrl.UserInfo))
        {
            file.Error(map.Get("apiUrl"), $"{path}.apiUrl", Reasons.SecretInRepo, $"{path}.apiUrl carries credentials; configure them in the daemon's config");
        }

        if (type == NotificationReceiverTypes.Gitea && apiUrlText is null)
        {
            file.Error(map, $"{path}.apiUrl", Reasons.MissingKey, $"{path} has no apiUrl (a gitea receiver needs the server's URL)");
        }

        var context = file.String(map, "context", path);
        return file.ErrorCount == errorsBefore && type is not null ? new NotificationReceiver(key.Value, type, apiUrl, context) : null;
    }

    public static EnvironmentLocks ReadLocks(FileContext file, YamlNode? root)
    {
        var top = file.Map(root, "file");
        if (top is null)
        {
            return EnvironmentLocks.None;
        }

        file.CheckKeys(top, "file", "env_lock", "resource_locks");
        IReadOnlyList<LockReason> envLock = [];
        if (top.Get("env_lock") is not null && file.Map(top.Get("env_lock"), "env_lock") is { } envMap)
        {
            envLock = LockReasons(file, envMap, "env_lock");
        }

        var resourceLocks = new Dictionary<string, IReadOnlyList<LockReason>>(StringComparer.Ordinal);
        if (file.Map(top.Get("resource_locks"), "resource_locks") is { } locks)
        {
            foreach (var (key, value) in locks.Entries)
            {
                var path = $"resource_locks.{key.Value}";
                if (file.Map(value, path) is { } lockMap)
                {
                    resourceLocks[key.Value] = LockReasons(file, lockMap, path);
                }
            }
        }

        return new EnvironmentLocks(envLock, resourceLocks);
    }

    private static List<LockReason> LockReasons(FileContext file, YamlMapping lockMap, string path)
    {
        file.CheckKeys(lockMap, path, "reasons");
        var result = new List<LockReason>();
        var items = file.List(lockMap, "reasons", path);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}.reasons[{i}]";
            switch (items[i])
            {
                case YamlScalar scalar:
                    result.Add(new LockReason(scalar.Value, null, null, null));
                    break;
                case YamlMapping map:
                    file.CheckKeys(map, itemPath, "reason", "by", "at", "expires");
                    var reason = file.String(map, "reason", itemPath, required: true);
                    if (reason is not null)
                    {
                        result.Add(new LockReason(reason, file.String(map, "by", itemPath), file.Timestamp(map, "at", itemPath), file.Timestamp(map, "expires", itemPath)));
                    }

                    break;
                default:
                    file.Error(items[i], itemPath, Reasons.InvalidValue, $"{itemPath} must be a string or a map with reason, by, at, expires");
                    break;
            }
        }

        return result;
    }

    private static string? EnvironmentName(FileContext file, YamlMapping map, string key, string path)
    {
        var name = file.String(map, key, path, required: true);
        if (name is not null && !RepoNames.IsDnsLabel(name))
        {
            file.Error(map.Get(key), $"{path}.{key}", Reasons.InvalidName, $"{path}.{key} \"{name}\" is not {RepoNames.LabelRule}");
            return null;
        }

        return name;
    }

    private static string? Schedule(FileContext file, YamlMapping map, string key, string path)
    {
        var schedule = file.String(map, key, path);
        if (schedule is not null)
        {
            var fields = schedule.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
            if (fields is < 6 or > 7)
            {
                file.Error(map.Get(key), $"{path}.{key}", Reasons.InvalidSchedule,
                    $"{path}.{key} \"{schedule}\" has {fields} fields; a Quartz cron expression has 6 or 7 (seconds minutes hours day-of-month month day-of-week [year])");
            }
        }

        return schedule;
    }

    private static string? Timezone(FileContext file, YamlMapping map, string key, string path)
    {
        var timezone = file.String(map, key, path);
        if (timezone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
        {
            file.Error(map.Get(key), $"{path}.{key}", Reasons.UnknownTimezone, $"{path}.{key} \"{timezone}\" is not a known time zone (use an IANA id such as Europe/Berlin)");
        }

        return timezone;
    }

    private static TransitionWindow? Window(FileContext file, YamlNode node, string path)
    {
        if (file.Map(node, path) is not { } map)
        {
            return null;
        }

        file.CheckKeys(map, path, "kind", "schedule", "duration", "timezone");
        var kindText = file.String(map, "kind", path, required: true);
        var schedule = file.String(map, "schedule", path, required: true) is null ? null : Schedule(file, map, "schedule", path);
        var durationText = file.String(map, "duration", path, required: true);
        var timezone = Timezone(file, map, "timezone", path);
        TransitionWindowKind? kind = kindText switch
        {
            "allow" => TransitionWindowKind.Allow,
            "deny" => TransitionWindowKind.Deny,
            null => null,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            file.Error(map.Get("kind"), $"{path}.kind", Reasons.InvalidValue, $"{path}.kind must be allow or deny, not \"{kindText}\"");
        }

        TimeSpan? duration = null;
        if (durationText is not null)
        {
            duration = ParseDuration(durationText);
            if (duration is null)
            {
                file.Error(map.Get("duration"), $"{path}.duration", Reasons.InvalidValue,
                    $"{path}.duration \"{durationText}\" is not a positive duration (e.g. 30m, 2h, 1h30m, PT2H)");
            }
        }

        return kind is null || schedule is null || duration is null ? null : new TransitionWindow(kind.Value, schedule, duration.Value, timezone);
    }

    /// <summary>Go-style <c>1h30m</c>, <c>45s</c>, <c>2d</c>, or ISO 8601 <c>PT1H30M</c>; must be positive.</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        if (text.StartsWith('P'))
        {
            try
            {
                var iso = XmlConvert.ToTimeSpan(text);
                return iso > TimeSpan.Zero ? iso : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || i - start > 9)
            {
                return null;
            }

            var amount = int.Parse(text.AsSpan(start, i - start), System.Globalization.CultureInfo.InvariantCulture);
            TimeSpan? part = text[i++] switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                's' => TimeSpan.FromSeconds(amount),
                _ => null,
            };
            if (part is null || total > TimeSpan.FromDays(3650))
            {
                return null;
            }

            total += part.Value;
        }

        return total > TimeSpan.Zero ? total : null;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
