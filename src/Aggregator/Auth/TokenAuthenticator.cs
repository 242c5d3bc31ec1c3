using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Dm.Aggregator.Auth;

/// <summary>Finds the caller behind a bearer token by comparing against every configured token in constant time.</summary>
public sealed class TokenAuthenticator(IOptions<AggregatorOptions> options)
{
    private readonly IReadOnlyList<(byte[] Hash, Caller Caller)> _tokens = options.Value.Tokens
        .Select(t => (SHA256.HashData(Encoding.UTF8.GetBytes(t.Token)), new Caller(t.Name, t.Role)))
        .ToList();

    public bool Enabled { get; } = options.Value.Auth != AuthModes.None;

    public bool ProtectReads { get; } = options.Value.ProtectReads && options.Value.Auth != AuthModes.None;

    /// <summary>The caller whose token is <paramref name="token"/>, or null. Every token is compared, so timing reveals nothing.</summary>
    public Caller? Authenticate(string token)
    {
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        Caller? found = null;
        foreach (var (hash, caller) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, given))
            {
                found = caller;
            }
        }

        return found;
    }
}
