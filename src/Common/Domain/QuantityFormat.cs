namespace Dm.Domain;

/// <summary>How a <see cref="Quantity"/> was written, by its suffix; the canonical form keeps it (as the API server does).</summary>
public enum QuantityFormat
{
    /// <summary>No suffix or a decimal SI unit: <c>n u m k M G T P E</c>.</summary>
    DecimalSI,

    /// <summary>A binary SI unit: <c>Ki Mi Gi Ti Pi Ei</c>.</summary>
    BinarySI,

    /// <summary>A decimal exponent: <c>e</c>/<c>E</c> and a signed integer.</summary>
    DecimalExponent,
}
