using System.Net;
using Dm.GitFixture;
using Dm.Status;
using Dm.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using static Dm.Transitioner.Tests.Scenario;

namespace Dm.Transitioner.Tests;

public sealed class ProgramTests
{
    [Fact]
    public async Task The_program_serves_status_from_configuration()
    {
        using var dir = new TempDirectory();
        var repo = await FixtureRepository.CreateAsync(
            new FixtureTemplate([new FixtureCommit("init", "Initial", null, Files("transitions:\n  to-dev:\n    source: latest\n    target: dev\n", Resource("latest", "s1", "2")))]),
            dir.Sub("repo.git"), CancellationToken.None);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("Transitioner:RepoUrl", repo.GitDirectory)
            .UseSetting("Transitioner:CheckoutPath", dir.Sub("mirror.git")));
        using var http = factory.CreateClient();

        await Eventually.HoldsAsync(async () => (await http.GetAsync(new Uri("readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK, "the first round ran");
        var report = await new StatusClient(http).GetTransitionerStatusAsync(http.BaseAddress!, CancellationToken.None);

        Assert.Equal(TransitionResult.Promoted, report.Transitions["to-dev"].LastRun!.Result);
        Assert.Equal(Version("2"), PlainGit.Run(repo.GitDirectory, "show", "main:dev/version/s1.yaml"));
    }
}
