namespace Dm.ClusterSimulator.Controllers;

/// <summary>The random five-letter suffixes of generated pod and event names, from an injected (seeded) random source.</summary>
internal sealed class NameSuffix(Random random)
{
    public string Next() => new([.. Enumerable.Range(0, 5).Select(_ => WorkloadJson.SafeAlphabet[random.Next(WorkloadJson.SafeAlphabet.Length)])]);
}
