namespace Dm.ClusterSimulator.Controllers;

/// <summary>The controller of one kind: one reconcile pass over every object of that kind.</summary>
internal interface IKindController
{
    void Reconcile(DateTimeOffset now);
}
