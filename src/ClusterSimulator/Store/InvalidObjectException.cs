namespace Dm.ClusterSimulator.Store;

/// <summary>An object that fails validation, with one field error per problem, worded like apimachinery's field.Error.</summary>
internal sealed class InvalidObjectException(ApiResourceType type, string name, IReadOnlyList<FieldError> errors)
    : StoreException($"{type.QualifiedKind} \"{name}\" is invalid: {(errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]")}")
{
    public ApiResourceType Type { get; } = type;

    public string Name { get; } = name;

    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
