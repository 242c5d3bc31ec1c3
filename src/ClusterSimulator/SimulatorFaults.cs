using System.Text.RegularExpressions;

namespace Dm.ClusterSimulator;

/// <summary>
/// Fault injection controls, changeable while the simulator runs: a full outage, added latency, and error rates per
/// verb and path. Random choices come from a generator seeded by <see cref="SimulatorOptions.FaultSeed"/>, so a run is
/// repeatable for the same request sequence.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly List<(FaultRule Rule, Regex Pattern)> _rules = [];
    private readonly HashSet<string> _forbiddenNamespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedTokens = new(StringComparer.Ordinal);
    private bool _outage;
    private TimeSpan _latency;

    /// <summary>Faults drawn from <paramref name="random"/> (seeded from <see cref="SimulatorOptions.FaultSeed"/> by the simulator).</summary>
    internal SimulatorFaults(Random random)
    {
        _random = random;
    }

    /// <summary>When true every request is answered 503 ServiceUnavailable.</summary>
    public bool Outage
    {
        get
        {
            lock (_gate)
            {
                return _outage;
            }
        }

        set
        {
            lock (_gate)
            {
                _outage = value;
            }
        }
    }

    /// <summary>Latency added before every request is handled.</summary>
    public TimeSpan Latency
    {
        get
        {
            lock (_gate)
            {
                return _latency;
            }
        }

        set
        {
            lock (_gate)
            {
                _latency = value;
            }
        }
    }

    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules.Select(r => r.Rule)];
            }
        }
    }

    public void Add(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Rate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rule.Rate, 1);
        var pattern = new Regex("^" + Regex.Escape(rule.PathPattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
        lock (_gate)
        {
            _rules.Add((rule, pattern));
        }
    }

    /// <summary>
    /// Denies every request for objects in <paramref name="namespace"/> with 403 Forbidden and the message RBAC gives
    /// (<c>configmaps "x" is forbidden: User "..." cannot patch resource "configmaps" in API group "" in the namespace
    /// "..."</c>), as for a client whose role does not cover that namespace. The Namespace object itself stays readable.
    /// </summary>
    public void Forbid(string @namespace)
    {
        lock (_gate)
        {
            _forbiddenNamespaces.Add(@namespace);
        }
    }

    /// <summary>Lifts <see cref="Forbid"/> for <paramref name="namespace"/>.</summary>
    public void Allow(string @namespace)
    {
        lock (_gate)
        {
            _forbiddenNamespaces.Remove(@namespace);
        }
    }

    internal bool IsForbidden(string @namespace)
    {
        lock (_gate)
        {
            return _forbiddenNamespaces.Contains(@namespace);
        }
    }

    /// <summary>
    /// From now on the bearer token <paramref name="token"/> is answered 401 Unauthorized, as a server answers a
    /// credential that expired or was revoked before the client thought it would (an exec plugin's cached token, say).
    /// </summary>
    public void Revoke(string token)
    {
        lock (_gate)
        {
            _revokedTokens.Add(token);
        }
    }

    internal bool IsRevoked(string token)
    {
        lock (_gate)
        {
            return _revokedTokens.Contains(token);
        }
    }

    /// <summary>Removes every rule, forbidden namespace, revoked token, the latency and the outage.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _forbiddenNamespaces.Clear();
            _revokedTokens.Clear();
            _latency = TimeSpan.Zero;
            _outage = false;
        }
    }

    internal (TimeSpan Latency, FaultRule? Failure, bool Outage) Decide(string method, string path)
    {
        lock (_gate)
        {
            if (_outage)
            {
                return (_latency, null, true);
            }

            foreach (var (rule, pattern) in _rules)
            {
                if ((rule.Verb is null || string.Equals(rule.Verb, method, StringComparison.OrdinalIgnoreCase)) && pattern.IsMatch(path)
                    && _random.NextDouble() < rule.Rate)
                {
                    return (_latency, rule, false);
                }
            }

            return (_latency, null, false);
        }
    }
}
