namespace Dm.Transitioner.Policy;

/// <summary>Whether promotions into the target are allowed at an instant, why not, and when that may change.</summary>
/// <param name="Allowed">True inside an allow window (or when there are none) and outside every deny window.</param>
/// <param name="Reason">Null when allowed, else <c>OutsideWindow</c> or <c>InDenyWindow</c>.</param>
/// <param name="Message">Human explanation.</param>
/// <param name="NextEdge">The next instant a window opens or closes, or null.</param>
public sealed record WindowState(bool Allowed, string? Reason, string Message, DateTimeOffset? NextEdge);
