using System.Net.Http.Headers;

namespace Dm.Kubernetes;

/// <summary>The header a request carries and the credential it came from (to drop that one after a 401).</summary>
internal readonly record struct AuthorizationTicket(AuthenticationHeaderValue? Header, object? Source);
