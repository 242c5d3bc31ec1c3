using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Dm.Deployer.Cli;

/// <summary>A YAML file as configuration: nested maps become <c>Section:Key</c>, lists <c>Section:0</c>.</summary>
public sealed class YamlConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(path);

    private sealed class Provider(string path) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            if (stream.Documents.Count > 0)
            {
                Flatten(stream.Documents[0].RootNode, null, data);
            }

            Data = data;
        }

        private static void Flatten(YamlNode node, string? prefix, Dictionary<string, string?> data)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        var name = ((YamlScalarNode)key).Value ?? string.Empty;
                        Flatten(value, prefix is null ? name : $"{prefix}:{name}", data);
                    }

                    break;
                case YamlSequenceNode list:
                    for (var i = 0; i < list.Children.Count; i++)
                    {
                        Flatten(list.Children[i], $"{prefix}:{i}", data);
                    }

                    break;
                case YamlScalarNode scalar when prefix is not null:
                    data[prefix] = scalar.Value;
                    break;
            }
        }
    }
}
