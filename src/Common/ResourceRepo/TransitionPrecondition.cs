namespace Dm.ResourceRepo;

/// <summary>What must hold before a transition promotes.</summary>
public enum TransitionPrecondition
{
    /// <summary>The deployer reports the source environment Clean at its current content.</summary>
    SourceClean,

    /// <summary>The transition only runs when an operator triggers it.</summary>
    Manual,
}
