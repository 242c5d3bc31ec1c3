using Dm.Aggregator.Auth;
using Dm.Aggregator.Writes;
using Dm.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dm.Aggregator.Api;

/// <summary>
/// Endpoint filter: 401 without a valid bearer token, 403 when the token's role may not call the endpoint; puts the
/// <see cref="Caller"/> in <c>HttpContext.Items</c>. With <c>auth: none</c> everyone is the anonymous operator.
/// </summary>
public sealed class RoleFilter(AggregatorRole required, bool isRead) : IEndpointFilter
{
    private const string CallerKey = "dm.caller";

    public static Caller CallerOf(HttpContext context) => context.Items[CallerKey] as Caller ?? Caller.Anonymous;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authenticator = http.RequestServices.GetRequiredService<TokenAuthenticator>();
        if (!authenticator.Enabled || (isRead && !authenticator.ProtectReads))
        {
            http.Items[CallerKey] = Caller.Anonymous;
            return await next(context);
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Create(Reasons.Unauthorized, "This endpoint needs 'Authorization: Bearer <token>'.");
        }

        var caller = authenticator.Authenticate(header[7..].Trim());
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Problems.Create(Reasons.Unauthorized, "The bearer token is not one of the configured tokens.");
        }

        if (!Allows(caller.Role, required))
        {
            return Problems.Create(Reasons.Forbidden,
                $"Token '{caller.Name}' has role '{caller.Role.ToString().ToLowerInvariant()}'; this endpoint needs '{required.ToString().ToLowerInvariant()}'"
                + (required == AggregatorRole.Ci ? " or 'operator'." : "."));
        }

        http.Items[CallerKey] = caller;
        return await next(context);
    }

    /// <summary>Operators may do everything, CI may post versions and read, viewers may read.</summary>
    public static bool Allows(AggregatorRole role, AggregatorRole required) => required switch
    {
        AggregatorRole.Viewer => true,
        AggregatorRole.Ci => role is AggregatorRole.Ci or AggregatorRole.Operator,
        AggregatorRole.Operator => role is AggregatorRole.Operator,
        _ => false,
    };
}
