using Dm.Domain;

namespace Dm.Kubernetes;

/// <summary>
/// The API server refused a request and said why (<see cref="Status"/>). The message starts with the object it was
/// about: <c>Deployment.apps dev/web: spec.replicas: Invalid value: -1: must be greater than or equal to 0 (422 Invalid)</c>.
/// </summary>
public sealed class KubernetesApiException : Exception
{
    public KubernetesApiException()
        : this(new ApiStatus(0, "Unknown", "unknown error", [], null), null, string.Empty)
    {
    }

    public KubernetesApiException(string message)
        : this(new ApiStatus(0, "Unknown", message, [], null), null, string.Empty)
    {
    }

    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = new ApiStatus(0, "Unknown", message, [], null);
        Request = string.Empty;
    }

    public KubernetesApiException(ApiStatus status, string? subject, string request)
        : base(Format(status, subject, request))
    {
        Status = status;
        Subject = subject;
        Request = request;
    }

    public ApiStatus Status { get; }

    /// <summary>What the request was about: a <see cref="ResourceKey"/> text such as <c>Deployment.apps dev/web</c>, or a collection.</summary>
    public string? Subject { get; }

    /// <summary>Method and path, e.g. <c>PATCH /apis/apps/v1/namespaces/dev/deployments/web</c> (no query: it may hold selectors only).</summary>
    public string Request { get; }

    public int Code => Status.Code;

    public string Reason => Status.Reason;

    public bool IsNotFound => Status.Code == 404;

    public bool IsConflict => Status.Code == 409;

    public bool IsGone => Status.Code == 410;

    private static string Format(ApiStatus status, string? subject, string request)
    {
        var detail = status.Detail.Length > 0 ? status.Detail : status.Reason;
        var head = subject ?? request;
        return head.Length == 0 ? $"{detail} ({status.Code} {status.Reason})" : $"{head}: {detail} ({status.Code} {status.Reason})";
    }
}
