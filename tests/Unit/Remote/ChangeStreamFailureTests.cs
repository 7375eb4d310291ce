using System.Net;
using Shouldly;
using Ticketing.Application.Remote;

namespace Ticketing.UnitTests.Remote;

public sealed class ChangeStreamFailureTests
{
    private static readonly string[] BothTickets = ["tkt_a", "tkt_b"];

    /// <summary>A circuit that opens on four failures and lets a probe through after half a second.</summary>
    private static readonly Dictionary<string, string?> TouchyCircuit = new()
    {
        ["CircuitBreakerMinimumThroughput"] = "4",
        ["CircuitBreakerBreakSeconds"] = "0.5",
    };

    [Fact]
    public async Task A_page_that_opens_the_circuit_with_its_own_failures_names_them_in_the_reason()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-1));
        remote.Intercept = _ => ScriptedRemote.Error(HttpStatusCode.ServiceUnavailable, "unavailable", "Down for maintenance.", null);
        await using var client = new ScriptedClient(remote, new Dictionary<string, string?>(TouchyCircuit) { ["FeedPagePatienceSeconds"] = "1" });

        var failure = await Should.ThrowAsync<RemoteUnavailableException>(async () => await DrainAsync(client));

        failure.Reason.ShouldBe(RemoteUnavailableReason.CircuitOpen);
        failure.Message.ShouldContain("paused");
        failure.Message.ShouldContain("503");
    }

    [Fact]
    public async Task A_page_is_asked_for_again_while_the_circuit_opens_again_and_again_until_the_remote_answers()
    {
        // Seven failures in a row: the circuit opens on the fourth and again on each probe after it, more
        // often than the three tries a page used to get, but well within the default patience.
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-2));
        remote.Add("tkt_b", remote.Now.AddHours(-1));
        var failures = 7;
        remote.Intercept = _ => Interlocked.Decrement(ref failures) >= 0
            ? ScriptedRemote.Error(HttpStatusCode.ServiceUnavailable, "unavailable", "Down for maintenance.", null)
            : null;
        await using var client = new ScriptedClient(remote, TouchyCircuit);

        var batches = await DrainAsync(client);

        batches.SelectMany(b => b.Tickets).Select(t => t.ExternalTicketId).ShouldBe(BothTickets);
        failures.ShouldBeLessThan(0, "every failure was served, and the page was asked for after the last one");
        batches.Sum(b => b.Retries).ShouldBeGreaterThanOrEqualTo(7);
    }

    [Fact]
    public async Task A_remote_that_keeps_failing_past_the_patience_ends_the_stream_saying_for_how_long_it_was_asked()
    {
        var remote = new ScriptedRemote();
        remote.Add("tkt_a", remote.Now.AddHours(-1));
        remote.Intercept = _ => ScriptedRemote.Error(HttpStatusCode.BadGateway, "bad_gateway", "Upstream gone.", null);
        await using var client = new ScriptedClient(remote, new Dictionary<string, string?>(TouchyCircuit) { ["FeedPagePatienceSeconds"] = "3" });

        var failure = await Should.ThrowAsync<RemoteUnavailableException>(async () => await DrainAsync(client));

        failure.Message.ShouldStartWith("Change stream: Championship IT kept failing page 1 for ");
        failure.Message.ShouldContain("a page is asked for up to 3 s");
        failure.Message.ShouldContain("502");
        // Four failures open the circuit; any request after them is a probe after the break, however slow the machine.
        remote.Requests.Count.ShouldBeGreaterThan(4, "the page was asked for again after the circuit opened");
    }

    private static async Task<List<RemoteTicketBatch>> DrainAsync(ScriptedClient client)
    {
        var batches = new List<RemoteTicketBatch>();
        await foreach (var batch in client.Api.StreamChangedSinceAsync(null, 50, TestContext.Current.CancellationToken))
        {
            batches.Add(batch);
        }

        return batches;
    }
}
