namespace Dm.ResourceRepo;

/// <summary>Name rules: environments are DNS-1123 labels, resources DNS-1123 subdomains (like Kubernetes object names).</summary>
public static class RepoNames
{
    public const string LabelRule = "a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";

    public const string SubdomainRule = "a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";

    public static bool IsDnsLabel(string name) => name.Length <= 63 && IsDnsPart(name, allowDot: false);

    public static bool IsDnsSubdomain(string name) => name.Length <= 253 && IsDnsPart(name, allowDot: true);

    private static bool IsDnsPart(string name, bool allowDot)
    {
        if (name.Length == 0 || !IsAlnum(name[0]) || !IsAlnum(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(IsAlnum(c) || c == '-' || (allowDot && c == '.')))
            {
                return false;
            }
        }

        return !allowDot || !name.Contains("..", StringComparison.Ordinal);
    }

    private static bool IsAlnum(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
}
