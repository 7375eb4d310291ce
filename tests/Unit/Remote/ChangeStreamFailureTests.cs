using System.Net;
using Shouldly;
using Ticketing.Application.Remote;

namespace Ticketing.UnitTests.Remote;

public sealed class ChangeStreamFailureTests
{
    [Fact]
    public async Task A_page_that_opens_the_circuit_with_its_own_failures_names_them_in_the_reason()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-1));
        remote.Intercept = _ => ScriptedRemote.Error(HttpStatusCode.ServiceUnavailable, "unavailable", "Down for maintenance.", null);
        await using var client = new ScriptedClient(remote, new Dictionary<string, string?>
        {
            ["CircuitBreakerMinimumThroughput"] = "4",
            ["CircuitBreakerBreakSeconds"] = "0.5",
        });

        var failure = await Should.ThrowAsync<RemoteUnavailableException>(async () =>
        {
            await foreach (var batch in client.Api.StreamChangedSinceAsync(null, 50, TestContext.Current.CancellationToken))
            {
                batch.ShouldBeNull();
            }
        });

        failure.Reason.ShouldBe(RemoteUnavailableReason.CircuitOpen);
        failure.Message.ShouldContain("paused");
        failure.Message.ShouldContain("503");
    }
}
