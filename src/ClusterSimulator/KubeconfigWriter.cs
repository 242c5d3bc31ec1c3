using System.Text;

namespace Dm.ClusterSimulator;

/// <summary>
/// Writes a kubeconfig with one cluster, user and context per simulator, so
/// <c>kubectl --kubeconfig f --context playground get deploy -A</c> works. Credentials follow each simulator's auth
/// mode: its first bearer token, or a freshly issued client certificate (a simulator without auth gets
/// <see cref="NoAuthToken"/>, which it ignores); TLS simulators get their CA embedded.
/// </summary>
public static class KubeconfigWriter
{
    /// <summary>The token written for a simulator without auth (which ignores it).</summary>
    public const string NoAuthToken = "dm-simulator-no-auth";

    public static void Write(string path, IReadOnlyList<KubeconfigContext> contexts, string? currentContext = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Render(contexts, currentContext));
    }

    public static string Render(IReadOnlyList<KubeconfigContext> contexts, string? currentContext = null)
    {
        if (contexts.Count == 0)
        {
            throw new ArgumentException("A kubeconfig needs at least one context", nameof(contexts));
        }

        var text = new StringBuilder();
        text.Append("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var context in contexts)
        {
            var simulator = context.Simulator;
            text.Append("- name: ").Append(Quote(context.Name)).Append('\n');
            text.Append("  cluster:\n");
            text.Append("    server: ").Append(Quote(simulator.BaseAddress.ToString().TrimEnd('/'))).Append('\n');
            if (simulator.CertificateAuthorityPem is { } ca)
            {
                text.Append("    certificate-authority-data: ").Append(Base64(ca)).Append('\n');
            }
        }

        text.Append("users:\n");
        foreach (var context in contexts)
        {
            var simulator = context.Simulator;
            text.Append("- name: ").Append(Quote(context.Name)).Append('\n');
            text.Append("  user:");
            if (simulator.Options.BearerTokens.Count > 0 && simulator.Options.Auth == SimulatorAuthMode.BearerToken)
            {
                text.Append("\n    token: ").Append(Quote(simulator.Options.BearerTokens[0])).Append('\n');
            }
            else if (simulator.Options.Auth == SimulatorAuthMode.ClientCertificate)
            {
                var certificate = simulator.IssueClientCertificate("admin", "system:masters");
                text.Append("\n    client-certificate-data: ").Append(Base64(certificate.CertificatePem)).Append('\n');
                text.Append("    client-key-data: ").Append(Base64(certificate.PrivateKeyPem)).Append('\n');
            }
            else
            {
                // Without auth the simulator ignores any token; one is written because the official C# client refuses
                // a kubeconfig whose user is empty (`user: {}`), and kubectl and DM accept either.
                text.Append("\n    token: ").Append(Quote(NoAuthToken)).Append('\n');
            }
        }

        text.Append("contexts:\n");
        foreach (var context in contexts)
        {
            text.Append("- name: ").Append(Quote(context.Name)).Append('\n');
            text.Append("  context:\n");
            text.Append("    cluster: ").Append(Quote(context.Name)).Append('\n');
            text.Append("    user: ").Append(Quote(context.Name)).Append('\n');
            if (context.Namespace is not null)
            {
                text.Append("    namespace: ").Append(Quote(context.Namespace)).Append('\n');
            }
        }

        text.Append("current-context: ").Append(Quote(currentContext ?? contexts[0].Name)).Append('\n');
        text.Append("preferences: {}\n");
        return text.ToString();
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
