using Shouldly;

namespace Ticketing.UnitTests.Remote;

/// <summary>
/// The change stream through the real client against a scripted remote that changes while it is
/// paged: a tie group (one <c>updated_at</c> shared by more tickets than fit on a page) must not lose
/// a ticket when another of the group is updated between two pages.
/// </summary>
public sealed class ChangeStreamTieGroupTests
{
    [Fact]
    public async Task A_ticket_updated_while_its_tie_group_is_paged_does_not_hide_another()
    {
        var remote = new ScriptedRemote();
        var tie = remote.Now.AddMinutes(-30);
        remote.Add("tkt_before", tie.AddMinutes(-1));
        for (var i = 0; i < 7; i++)
        {
            remote.Add($"tkt_tie{i:D2}", tie);
        }

        remote.Add("tkt_after", tie.AddMinutes(1));
        var updated = false;
        remote.BeforeServe = request =>
        {
            // The client has read the group's first page; the remote legally updates a ticket on it,
            // which moves to the end of the order and moves every later one up one place.
            if (!updated && request.Path.EndsWith("/tickets", StringComparison.Ordinal) && request.Query.GetValueOrDefault("page") == "2")
            {
                remote.Update("tkt_tie00");
                updated = true;
            }
        };
        await using var client = new ScriptedClient(remote);

        var seen = new List<string>();
        await foreach (var batch in client.Api.StreamChangedSinceAsync(null, 3, TestContext.Current.CancellationToken))
        {
            seen.AddRange(batch.Tickets.Select(t => t.ExternalTicketId));
        }

        updated.ShouldBeTrue("the scenario needs the update between two pages of the group");
        seen.Distinct().ShouldBe(remote.Tickets.Keys, ignoreOrder: true);
    }
}
