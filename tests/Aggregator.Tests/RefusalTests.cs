using System.Net.Http.Headers;
using System.Text;

namespace Dm.Aggregator.Tests;

/// <summary>Every refusal: status, a detail naming the field or reason, problem+json, and no commit.</summary>
public sealed class RefusalTests(SharedApp shared) : IClassFixture<SharedApp>
{
    public static TheoryData<string, string, string, int, string> Cases => new()
    {
        { "POST", "/api/versions", """{"resource":"Web","version":"2"}""", 400, "'resource' \"Web\" is not a DNS-1123 subdomain" },
        { "POST", "/api/versions", """{"version":"2"}""", 400, "'resource' is required." },
        { "POST", "/api/versions", """{"resource":"web","version":""}""", 400, "'version' is required and must not be empty." },
        { "POST", "/api/versions", """{"resource":"web","version":"2\u0007"}""", 400, "'version' contains control characters." },
        { "POST", "/api/versions", "{\"resource\":\"web\",\"version\":\"" + new string('9', 129) + "\"}", 400, "'version' is 129 characters long; at most 128 are allowed." },
        { "POST", "/api/versions", """{"resource":"web","version":"2","colour":"red"}""", 400, "Unknown field 'colour' in the request body." },
        { "POST", "/api/versions", """{"resource":"web","version":2}""", 400, "Field 'version' has the wrong type" },
        { "POST", "/api/versions", """{"resource":"web","version":"2","env":"dev"}""", 403, "'env' \"dev\" does not accept new versions (it is a transition target); versions may be posted to: latest." },
        { "POST", "/api/versions", """{"resource":"web","version":"2","env":"qa"}""", 404, "'env' \"qa\" is not an environment of the resource repo" },
        { "POST", "/api/versions", """{"resource":"web","version":"2","env":"Prod_1"}""", 400, "'env' \"Prod_1\" is not a DNS-1123 label" },
        { "POST", "/api/versions", """{"resource":"web","version":"2","fields":{"version":"3"}}""", 400, "'fields.version' is not allowed" },
        { "POST", "/api/versions", """{"resource":"web","version":"2","fields":{"image":"a\nb"}}""", 400, "'fields.image' must be at most 2048 characters without control characters." },
        { "POST", "/api/versions", "not json", 400, "The request body is not valid JSON for this endpoint" },
        { "POST", "/api/versions", "", 400, "The request body is empty; a JSON object is required." },
        { "PUT", "/api/locks/qa", """{"reason":"x"}""", 404, "Environment \"qa\" does not exist in the resource repo." },
        { "PUT", "/api/locks/prod/nope", """{"reason":"x"}""", 404, "Resource \"nope\" does not exist in environment \"prod\"." },
        { "PUT", "/api/locks/prod", """{"reason":"  "}""", 400, "'reason' is required and must not be blank." },
        { "PUT", "/api/locks/prod", """{"reason":"x","expires":"2001-01-01T00:00:00Z"}""", 400, "'expires' 2001-01-01T00:00:00.0000000+00:00 is not in the future." },
        { "PUT", "/api/locks/prod", """{"reason":"x","by":"me"}""", 400, "Unknown field 'by' in the request body." },
        { "PUT", "/api/locks/PROD", """{"reason":"x"}""", 400, "'env' \"PROD\" is not a DNS-1123 label" },
        { "DELETE", "/api/locks/qa", "", 404, "Environment \"qa\" does not exist in the resource repo." },
        { "POST", "/api/promotions", """{"resource":"web","version":"1","env":"qa"}""", 404, "'env' \"qa\" is not an environment of the resource repo." },
        { "POST", "/api/promotions", """{"resource":"nope","version":"1","env":"prod"}""", 404, "'resource' \"nope\" does not exist in any environment." },
        { "POST", "/api/promotions", """{"resource":"web","version":"99","env":"prod"}""", 404, "'version' \"99\" of resource \"web\" is in no environment and in no commit of the history." },
        { "POST", "/api/promotions", """{"resource":"web","env":"prod"}""", 400, "'version' is required" },
        { "POST", "/api/rollbacks", """{"resource":"web","env":"prod"}""", 400, "'reason' is required and must not be blank." },
        { "POST", "/api/rollbacks", """{"resource":"web","env":"prod","reason":"bad"}""", 409, "The history has no version of \"web\" in \"prod\" before 1; name one in 'version'." },
        { "POST", "/api/rollbacks", """{"resource":"web","env":"prod","reason":"bad","version":"1"}""", 409, "'version': \"web\" already runs 1 in \"prod\"." },
        { "POST", "/api/approvals", """{"transition":"nope","versions":{"web":"1"}}""", 404, "'transition' \"nope\" is not in transitions.yaml." },
        { "POST", "/api/approvals", """{"transition":"dev-to-prod","versions":{}}""", 409, "Transition \"dev-to-prod\" has no pending moves to approve." },
        { "POST", "/api/approvals", """{"transition":"dev-to-prod"}""", 503, "Cannot tell which moves of \"dev-to-prod\" are pending (not configured); give them in 'versions'." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_are_refused_with_a_precise_detail_and_no_commit(string method, string path, string json, int status, string detail)
    {
        var app = shared.App;
        var before = app.Head();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json.Length > 0 || method != "DELETE")
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await app.Client(AggregatorApp.OperatorToken).SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await AggregatorApp.ReadAsync<Problem>(response);
        Assert.Contains(detail, problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, app.Head());
    }

    [Theory]
    [InlineData("POST", "/api/versions", null, 401, "This endpoint needs 'Authorization: Bearer <token>'.")]
    [InlineData("POST", "/api/versions", "wrong-token-0123456789", 401, "The bearer token is not one of the configured tokens.")]
    [InlineData("POST", "/api/versions", AggregatorApp.ViewerToken, 403, "Token 'vic' has role 'viewer'; this endpoint needs 'ci' or 'operator'.")]
    [InlineData("PUT", "/api/locks/prod", AggregatorApp.CiToken, 403, "Token 'ci-bot' has role 'ci'; this endpoint needs 'operator'.")]
    [InlineData("POST", "/api/promotions", AggregatorApp.CiToken, 403, "Token 'ci-bot' has role 'ci'; this endpoint needs 'operator'.")]
    [InlineData("POST", "/api/rollbacks", AggregatorApp.ViewerToken, 403, "Token 'vic' has role 'viewer'; this endpoint needs 'operator'.")]
    [InlineData("POST", "/api/approvals", null, 401, "This endpoint needs 'Authorization: Bearer <token>'.")]
    public async Task Writes_need_a_token_with_the_right_role(string method, string path, string? token, int status, string detail)
    {
        var app = shared.App;
        var before = app.Head();
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("""{"resource":"web","version":"2","reason":"x","env":"prod"}""", Encoding.UTF8, "application/json"),
        };
        var client = app.Client();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(detail, (await AggregatorApp.ReadAsync<Problem>(response)).Detail);
        if (status == 401)
        {
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, app.Head());
    }

    [Fact]
    public async Task Reads_are_open_unless_protected()
    {
        var response = await shared.App.Client().GetAsync("/api/state");

        Assert.True(response.IsSuccessStatusCode);
    }
}
