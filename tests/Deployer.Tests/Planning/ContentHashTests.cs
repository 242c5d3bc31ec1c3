using System.Text.Json.Nodes;
using Dm.ResourceRepo;

namespace Dm.Deployer.Tests.Planning;

/// <summary>
/// The deployer stamps <c>dm.deployer/content-hash</c> on live objects with <see cref="ContentHasher.Of"/>; a change of
/// its bytes would re-apply every object once. The pinned value is the deployer's own hash before the two hashers became
/// one (HTML-sensitive and non-ASCII characters escaped, numbers in their parsed form, keys sorted ordinally).
/// </summary>
public class ContentHashTests
{
    private const string Sample = """{"kind":"ConfigMap","data":{"html":"<b>&'+`</b>","unicode":"grüße ✓","big":18446744073709551615,"f":1.5e-7,"neg":-3,"t":true,"n":null}}""";

    [Fact]
    public void The_hash_of_an_object_keeps_the_bytes_live_objects_carry()
    {
        Assert.Equal("fd9aa0936330ad839c9a05678eec204498312ceb969868f85b9285be1767a227", ContentHasher.Of(JsonNode.Parse(Sample)!.AsObject()));
    }

    [Fact]
    public void Values_set_in_code_hash_as_their_parsed_form_does()
    {
        var built = new JsonObject { ["s"] = "grüße <b>", ["l"] = 42L, ["b"] = false };

        Assert.Equal(ContentHasher.Of(JsonNode.Parse("""{"s":"grüße <b>","l":42,"b":false}""")!.AsObject()), ContentHasher.Of(built));
    }
}
