namespace Dm.ResourceRepo;

/// <summary>Whether a window allows or forbids promotions while it is open.</summary>
public enum TransitionWindowKind
{
    Allow,
    Deny,
}
