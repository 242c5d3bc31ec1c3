namespace Dm.Kubernetes;

/// <summary>One entry of a <c>Status.details.causes</c>: e.g. field <c>spec.replicas</c>, reason <c>FieldValueInvalid</c>.</summary>
public sealed record StatusCause(string? Reason, string? Message, string? Field);
