using Dm.Domain;
using Dm.Kubernetes;

namespace Dm.Kubernetes.Tests;

public sealed class ApiStatusTests
{
    [Fact]
    public void A_422_status_reads_as_object_field_and_reason()
    {
        const string Body = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
             "reason":"Invalid","details":{"name":"web","group":"apps","kind":"Deployment",
             "causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"}]},"code":422}
            """;

        var status = ApiStatus.Parse(422, "Unprocessable Entity", Body);
        var error = new KubernetesApiException(status, new Dm.Domain.ResourceKey("apps", "Deployment", "dev", "web").ToString(), "PATCH /apis/apps/v1/namespaces/dev/deployments/web");

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal(new StatusCause("FieldValueInvalid", "Invalid value: -1: must be greater than or equal to 0", "spec.replicas"), Assert.Single(status.Causes));
        Assert.Equal("Deployment.apps dev/web: spec.replicas: Invalid value: -1: must be greater than or equal to 0 (422 Invalid)", error.Message);
    }

    [Fact]
    public void A_body_that_is_not_a_status_still_gives_code_reason_and_text()
    {
        var status = ApiStatus.Parse(502, "Bad Gateway", "<html>upstream down</html>");

        Assert.Equal(new ApiStatus(502, "BadGateway", "<html>upstream down</html>", [], null), status);
        Assert.Equal(new ApiStatus(503, "ServiceUnavailable", "Service Unavailable", [], null), ApiStatus.Parse(503, "Service Unavailable", string.Empty));
    }

    [Fact]
    public void Retry_after_seconds_in_the_details_is_read()
    {
        var status = ApiStatus.Parse(429, null, """{"kind":"Status","code":429,"reason":"TooManyRequests","message":"slow down","details":{"retryAfterSeconds":3}}""");

        Assert.Equal(3, status.RetryAfterSeconds);
        Assert.Equal("slow down", status.Detail);
    }
}
