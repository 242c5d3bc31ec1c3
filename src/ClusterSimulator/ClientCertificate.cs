namespace Dm.ClusterSimulator;

/// <summary>A client certificate and its private key, both PEM, as kubeconfig's client-certificate-data/client-key-data want them.</summary>
public sealed record ClientCertificate(string CertificatePem, string PrivateKeyPem);
