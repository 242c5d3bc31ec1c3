namespace Dm.ClientProbe;

/// <summary>The calls the probe makes, one implementation per client.</summary>
internal interface IProbeClient : IDisposable
{
    Task ApplyNamespaceAsync(string name);

    Task ApplyConfigMapAsync(string @namespace, string name, string value);

    Task<string?> GetConfigMapValueAsync(string @namespace, string name);

    Task<int> CountConfigMapsAsync(string @namespace);

    Task DeleteConfigMapAsync(string @namespace, string name);
}
