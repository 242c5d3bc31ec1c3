using System.Text.Json.Nodes;

namespace Dm.ClusterSimulator.Tests;

/// <summary>Watch streams: initial state, resume from a resourceVersion, selectors, bookmarks, 410 Expired, timeouts.</summary>
public sealed class WatchTests
{
    [Fact]
    public async Task Watch_without_version_lists_then_streams_changes_in_order()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("existing")));
        await using var watch = await WatchStream.OpenAsync(client.Http, "/api/v1/namespaces/default/configmaps?watch=1");

        var initial = await watch.NextAsync();
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("new")));
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/new", """{"data":{"key":"changed"}}""", "application/merge-patch+json"));
        await ApiClient.MustAsync(client.DeleteAsync("/api/v1/namespaces/default/configmaps/new"));

        Assert.Equal(200, watch.StatusCode);
        Assert.Equal(("ADDED", "existing"), Describe(initial!));
        Assert.Equal(("ADDED", "new"), Describe((await watch.NextAsync())!));
        var modified = (await watch.NextAsync())!;
        Assert.Equal(("MODIFIED", "new"), Describe(modified));
        Assert.Equal("changed", (string?)modified["object"]!["data"]!["key"]);
        Assert.Equal(("DELETED", "new"), Describe((await watch.NextAsync())!));
    }

    [Fact]
    public async Task Watch_from_a_resource_version_replays_only_later_events_matching_the_selector()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("before", new Dictionary<string, string> { ["w"] = "yes" })));
        var list = await ApiClient.MustAsync(client.GetAsync("/api/v1/configmaps"));
        var version = (string)list["metadata"]!["resourceVersion"]!;
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("other")));
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("after", new Dictionary<string, string> { ["w"] = "yes" })));

        await using var watch = await WatchStream.OpenAsync(client.Http, $"/api/v1/watch/configmaps?resourceVersion={version}&labelSelector=w%3Dyes");

        Assert.Equal(("ADDED", "after"), Describe((await watch.NextAsync())!));
    }

    [Fact]
    public async Task Watch_of_one_object_by_name_sees_only_that_object()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var created = await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("mine")));
        var version = (string)created["metadata"]!["resourceVersion"]!;

        await using var watch = await WatchStream.OpenAsync(client.Http, $"/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dmine&resourceVersion={version}");
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("notmine")));
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/mine", """{"data":{"key":"2"}}""", "application/merge-patch+json"));

        Assert.Equal(("MODIFIED", "mine"), Describe((await watch.NextAsync())!));
    }

    [Fact]
    public async Task Objects_entering_and_leaving_a_selector_arrive_as_added_and_deleted()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("moving")));
        var version = simulator.ResourceVersion;

        await using var watch = await WatchStream.OpenAsync(client.Http, $"/api/v1/namespaces/default/configmaps?watch=1&labelSelector=tier%3Dweb&resourceVersion={version}");
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/moving", """{"metadata":{"labels":{"tier":"web"}}}""", "application/merge-patch+json"));
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/moving", """{"data":{"key":"2"}}""", "application/merge-patch+json"));
        await ApiClient.MustAsync(client.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/moving", """{"metadata":{"labels":{"tier":"db"}}}""", "application/merge-patch+json"));

        Assert.Equal(("ADDED", "moving"), Describe((await watch.NextAsync())!));
        Assert.Equal(("MODIFIED", "moving"), Describe((await watch.NextAsync())!));
        Assert.Equal(("DELETED", "moving"), Describe((await watch.NextAsync())!));
    }

    [Fact]
    public async Task A_too_old_resource_version_gets_an_expired_error_event()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false, WatchHistorySize = 16 });
        using var client = new ApiClient(simulator);
        for (var i = 0; i < 40; i++)
        {
            await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap($"cm-{i}")));
        }

        await using var watch = await WatchStream.OpenAsync(client.Http, "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=2");
        var error = (await watch.NextAsync())!;

        Assert.Equal("ERROR", (string?)error["type"]);
        Assert.Equal(410, (int?)error["object"]!["code"]);
        Assert.Equal("Expired", (string?)error["object"]!["reason"]);
        Assert.StartsWith("too old resource version: 2 (", (string?)error["object"]!["message"], StringComparison.Ordinal);
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task Bookmarks_arrive_when_allowed_and_carry_the_current_version()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false, WatchBookmarkInterval = TimeSpan.FromMilliseconds(50) });
        using var client = new ApiClient(simulator);
        var created = await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("a")));

        await using var watch = await WatchStream.OpenAsync(client.Http, $"/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion={(string)created["metadata"]!["resourceVersion"]!}");
        var bookmark = await watch.NextMatchingAsync(e => (string?)e["type"] == "BOOKMARK");

        Assert.Equal("ConfigMap", (string?)bookmark["object"]!["kind"]);
        Assert.Equal(simulator.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)bookmark["object"]!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Send_initial_events_ends_with_an_initial_events_end_bookmark()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        await ApiClient.MustAsync(client.PostAsync("/api/v1/namespaces/default/configmaps", Fixtures.ConfigMap("a")));

        await using var watch = await WatchStream.OpenAsync(client.Http, "/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan");

        Assert.Equal(("ADDED", "a"), Describe((await watch.NextAsync())!));
        var bookmark = (await watch.NextAsync())!;
        Assert.Equal("BOOKMARK", (string?)bookmark["type"]);
        Assert.Equal("true", (string?)bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
    }

    [Fact]
    public async Task Timeout_seconds_ends_the_stream()
    {
        await using var simulator = await Fixtures.StartAsync(new SimulatorOptions { RunControllers = false });
        using var client = new ApiClient(simulator);
        var version = simulator.ResourceVersion;

        await using var watch = await WatchStream.OpenAsync(client.Http, $"/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&resourceVersion={version}");

        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(10)));
    }

    private static (string?, string?) Describe(JsonObject e) => ((string?)e["type"], (string?)e["object"]!["metadata"]!["name"]);
}
