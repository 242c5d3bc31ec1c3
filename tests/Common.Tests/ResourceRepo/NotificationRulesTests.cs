using Dm.Domain;
using Dm.ResourceRepo;

namespace Dm.Common.Tests.ResourceRepo;

/// <summary>notifications.yaml: what it routes where, and every broken entry a precise error that routes nothing.</summary>
public sealed class NotificationRulesTests
{
    private static ResourceRepoModel Read(string notifications) =>
        new ResourceRepoReader().Read(TestSnapshots.FromFiles(
        [
            KeyValuePair.Create("prod/deployable/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n"),
            KeyValuePair.Create(NotificationRules.FileName, notifications),
        ]));

    [Fact]
    public void Subscriptions_route_by_event_type_environment_and_resource_pattern()
    {
        var model = Read("""
            receivers:
              prod-chat: {type: slack}
              ci: {type: gitlab, apiUrl: "https://gitlab.example.com", context: "dm/{environment}"}
              audit: {type: webhook}
            subscriptions:
              - receiver: prod-chat
                events: [Promoted, RolloutFailed]
                environments: [prod]
                resources: ["web-*", api]
              - receiver: ci
                events: [RolloutSucceeded]
              - receiver: audit

            """);

        Assert.Empty(model.Errors);
        var rules = model.Notifications;
        Assert.Equal(new NotificationReceiver("ci", "gitlab", new Uri("https://gitlab.example.com"), "dm/{environment}"), rules.Receivers[1]);
        string Names(string type, string? env, string? resource) => string.Join(",", rules.ReceiversFor(type, env, resource).Select(r => r.Name));
        Assert.Equal("prod-chat,audit", Names(DmEventTypes.Promoted, "prod", "web-frontend"));
        Assert.Equal("audit", Names(DmEventTypes.Promoted, "dev", "web-frontend"));
        Assert.Equal("audit", Names(DmEventTypes.Promoted, "prod", "worker"));
        Assert.Equal("prod-chat,audit", Names(DmEventTypes.RolloutFailed, "prod", "api"));
        Assert.Equal("ci,audit", Names(DmEventTypes.RolloutSucceeded, "dev", "api"));
        Assert.Equal("audit", Names(DmEventTypes.Locked, "prod", null));
    }

    [Theory]
    [InlineData("receivers: {a: {type: webhook, url: \"https://x/y?token=1\"}}\n", "SecretInRepo", "notifications.yaml:1:37: receivers.a.url: receiver secrets are never read from the repo")]
    [InlineData("receivers: {a: {type: github, token: ghp_x}}\n", "SecretInRepo", "receivers.a.token: receiver secrets are never read from the repo")]
    [InlineData("receivers: {a: {type: github, apiUrl: \"https://me:pw@ghe.example.com\"}}\n", "SecretInRepo", "receivers.a.apiUrl carries credentials")]
    [InlineData("receivers: {a: {type: github, apiUrl: \"ftp://x\"}}\n", "InvalidValue", "receivers.a.apiUrl \"ftp://x\" is not an http(s) URL")]
    [InlineData("receivers: {a: {type: pagerduty}}\n", "InvalidValue", "receivers.a.type \"pagerduty\" is not one of")]
    [InlineData("receivers: {a: {}}\n", "MissingKey", "receivers.a has no type")]
    [InlineData("receivers: {a: {type: gitea}}\n", "MissingKey", "receivers.a has no apiUrl (a gitea receiver needs the server's URL)")]
    [InlineData("receivers: {A_B: {type: webhook}}\n", "InvalidName", "receiver name \"A_B\" is not")]
    [InlineData("receivers: {a: {type: webhook, colour: red}}\n", "UnknownKey", "unknown key \"colour\" in receivers.a")]
    public void A_broken_receiver_is_left_out_with_a_precise_error(string content, string reason, string message)
    {
        var model = Read(content + "subscriptions:\n  - receiver: a\n");

        Assert.Empty(model.Notifications.Receivers);
        var error = model.Errors[0];
        Assert.Equal((reason, NotificationRules.FileName), (error.Reason, error.File));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(model.Notifications.ReceiversFor(DmEventTypes.Promoted, "prod", "web"));
    }

    [Theory]
    [InlineData("  - {receiver: a, events: [Promotd]}\n", "subscriptions[0].events: \"Promotd\" is not an event type")]
    [InlineData("  - {receiver: b}\n", "subscriptions[0].receiver \"b\" is not one of the receivers (a)")]
    [InlineData("  - {events: [Promoted]}\n", "subscriptions[0] has no receiver")]
    [InlineData("  - {receiver: a, environments: prod}\n", "subscriptions[0].environments must be a list")]
    [InlineData("  - {receiver: a, resource: [web]}\n", "unknown key \"resource\" in subscriptions[0]")]
    [InlineData("  - receiver\n", "subscriptions[0] must be a map")]
    public void A_broken_subscription_routes_nothing(string subscription, string message)
    {
        var model = Read("receivers:\n  a: {type: webhook}\nsubscriptions:\n" + subscription);

        Assert.Contains(message, Assert.Single(model.Errors).Message, StringComparison.Ordinal);
        Assert.Empty(model.Notifications.Subscriptions);
    }

    [Fact]
    public void An_unparsable_file_routes_nothing_and_says_where()
    {
        var model = Read("receivers: {a: {type: webhook}\n");

        Assert.Empty(model.Notifications.Receivers);
        Assert.Empty(model.Notifications.Subscriptions);
        Assert.StartsWith("notifications.yaml:2:1: ", Assert.Single(model.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web", "web", true)]
    [InlineData("web", "web2", false)]
    [InlineData("web-*", "web-api", true)]
    [InlineData("web-*", "web-", true)]
    [InlineData("web-*", "api-web", false)]
    [InlineData("*-api", "web-api", true)]
    [InlineData("a*b*c", "a-x-b-y-c", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("a*a", "a", false)]
    [InlineData("*", "anything", true)]
    public void Name_patterns_take_a_star_for_any_run_of_characters(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, NamePattern.Matches(pattern, name));
    }
}
