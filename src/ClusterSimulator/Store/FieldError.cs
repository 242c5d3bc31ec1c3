namespace Dm.ClusterSimulator.Store;

/// <summary>One validation failure, rendered as apimachinery renders it: <c>spec.replicas: Invalid value: -1: must be ...</c>.</summary>
internal sealed record FieldError(string Field, string Reason, string Detail)
{
    public static FieldError Required(string field, string detail)
        => new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError InvalidValue(string field, string renderedValue, string detail)
        => new(field, "FieldValueInvalid", $"Invalid value: {renderedValue}: {detail}");

    public override string ToString() => $"{Field}: {Detail}";
}
