using Dm.Deployer.Planning;
using Dm.ResourceRepo;

namespace Dm.Deployer.Reconcile;

/// <summary>
/// The desired objects of one environment from its last round, so a round at the same revision does not clone and hash
/// every manifest again, and a new revision only does so for the resources whose content changed. Used by one worker
/// at a time.
/// </summary>
internal sealed class DesiredObjectCache
{
    private readonly Lock _lock = new();
    private RepoEnvironment? _environment;
    private DeployerTarget? _target;
    private DesiredState? _state;
    private Dictionary<(string Name, string Fingerprint), IReadOnlyList<DesiredObject>> _objects = [];

    /// <summary>The state built last time when the environment and target are the very same.</summary>
    public DesiredState? TryGet(RepoEnvironment environment, DeployerTarget target)
    {
        lock (_lock)
        {
            return ReferenceEquals(environment, _environment) && target == _target ? _state : null;
        }
    }

    public DesiredState Build(RepoEnvironment environment, DeployerTarget target, Func<string, string, bool> isNamespaced)
    {
        lock (_lock)
        {
            var previous = target == _target ? _objects : [];
            var next = new Dictionary<(string Name, string Fingerprint), IReadOnlyList<DesiredObject>>();
            var state = DesiredState.Build(environment, resource =>
            {
                var key = (resource.Name, resource.Fingerprint + "|" + resource.Version);
                var objects = previous.TryGetValue(key, out var known) ? known : DesiredState.ObjectsOf(resource, target, isNamespaced);
                next[key] = objects;
                return objects;
            });
            (_environment, _target, _state, _objects) = (environment, target, state, next);
            return state;
        }
    }
}
