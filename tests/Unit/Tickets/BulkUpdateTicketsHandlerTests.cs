using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Shouldly;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Tickets;

public sealed class BulkUpdateTicketsHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TicketWriteFakes _fakes = new();

    private BulkUpdateTicketsHandler Handler => new(_fakes.Remote, _fakes.Tickets, _fakes.Outbox, _fakes.Lists, _fakes.Audit, _fakes.User, _fakes.Clock, _fakes.Followers);

    [Fact]
    public async Task Reports_each_tickets_outcome_and_stores_only_what_the_remote_changed()
    {
        var ok = Cached("tkt_ok", "IT-1");
        var gone = Cached("tkt_gone", "IT-2");
        var invalid = Cached("tkt_invalid", "IT-3");
        var unknown = Guid.NewGuid();
        _fakes.Remote.UpdateTicketAsync("tkt_ok", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .Returns(new RemoteTicketResult(TicketWriteFakes.Copy(ok, t => t.Priority = TicketPriority.Critical), 0));
        _fakes.Remote.UpdateTicketAsync("tkt_gone", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>()).ThrowsAsync(RemoteNotFoundException.ForTicket("tkt_gone"));
        _fakes.Remote.UpdateTicketAsync("tkt_invalid", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteRejectedException("rejected", new Dictionary<string, string[]> { ["priority"] = ["is locked for this ticket"] }));

        var result = await Handler.Handle(new BulkUpdateTicketsCommand { TicketIds = [ok.Id, gone.Id, invalid.Id, unknown], Priority = TicketPriority.Critical }, Ct);

        result.SucceededCount.ShouldBe(1);
        result.Outcomes.Select(o => (o.TicketNumber, o.Succeeded)).ShouldBe([("IT-1", true), ("IT-2", false), ("IT-3", false), (null, false)]);
        result.Outcomes[1].Error!.ShouldContain("404");
        result.Outcomes[2].Error.ShouldBe("Rejected by Championship IT (422): Priority is locked for this ticket.");
        result.Outcomes[3].Error!.ShouldContain("no longer in the dashboard");
        _fakes.Stored.Select(t => t.ExternalTicketId).ShouldBe(["tkt_ok"]);
        await _fakes.Remote.Received(3).UpdateTicketAsync(
            Arg.Any<string>(), Arg.Is<RemoteTicketUpdate>(u => u.Priority.HasValue && !u.Status.HasValue && !u.AssigneeId.HasValue), Arg.Any<CancellationToken>());
        _fakes.AuditDetails(BulkUpdateTicketsHandler.AuditAction).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task During_an_outage_the_ticket_that_met_it_and_the_rest_queue_in_the_outbox()
    {
        var first = Cached("tkt_a", "IT-10");
        var second = Cached("tkt_b", "IT-11");
        var third = Cached("tkt_c", "IT-12");
        _fakes.Remote.UpdateTicketAsync("tkt_a", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .Returns(new RemoteTicketResult(TicketWriteFakes.Copy(first), 0));
        _fakes.Remote.UpdateTicketAsync("tkt_b", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.ServerError, "Championship IT failed with 503."));

        var result = await Handler.Handle(new BulkUpdateTicketsCommand { TicketIds = [first.Id, second.Id, third.Id], Status = TicketStatus.Resolved }, Ct);

        result.Outcomes.Select(o => o.Outcome).ShouldBe([BulkOutcome.Updated, BulkOutcome.Queued, BulkOutcome.Queued]);
        result.SucceededCount.ShouldBe(3);
        result.QueuedCount.ShouldBe(2);
        _fakes.Queued.Select(w => (w.TicketNumber, w.Summary, w.Kind)).ShouldBe([("IT-11", "status → Resolved", PendingWriteKind.Update), ("IT-12", "status → Resolved", PendingWriteKind.Update)]);
        _fakes.Queued[0].LastError!.ShouldContain("503");
        await _fakes.Remote.DidNotReceive().UpdateTicketAsync("tkt_c", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_ticket_with_changes_already_queued_queues_behind_them_while_the_others_are_sent()
    {
        var waiting = Cached("tkt_a", "IT-30", assigneeId: "agt_12");
        var free = Cached("tkt_b", "IT-31", assigneeId: "agt_12");
        _fakes.Outbox.GetPendingUpdatesAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<CancellationToken>())
            .Returns([new PendingTicketWrite { Summary = "status → resolved", PayloadJson = "{}", TicketId = waiting.Id }]);
        _fakes.Remote.UpdateTicketAsync("tkt_b", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .Returns(new RemoteTicketResult(TicketWriteFakes.Copy(free, t => t.AssigneeId = null), 0));

        var result = await Handler.Handle(new BulkUpdateTicketsCommand { TicketIds = [waiting.Id, free.Id], AssigneeId = BulkUpdateTicketsCommand.Unassign }, Ct);

        result.Outcomes.Select(o => o.Outcome).ShouldBe([BulkOutcome.Queued, BulkOutcome.Updated]);
        _fakes.Queued.ShouldHaveSingleItem().TicketNumber.ShouldBe("IT-30");
        await _fakes.Remote.DidNotReceive().UpdateTicketAsync("tkt_a", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>());
        await _fakes.Remote.Received().UpdateTicketAsync(
            "tkt_b", Arg.Is<RemoteTicketUpdate>(u => u.AssigneeId.HasValue && u.AssigneeId.Value == null && u.AssigneeName.HasValue && u.AssigneeName.Value == null), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Adding_a_tag_keeps_the_tags_the_remote_has_and_skips_a_ticket_that_has_it()
    {
        var untagged = Cached("tkt_a", "IT-40");
        var tagged = Cached("tkt_b", "IT-41");
        _fakes.Remote.GetTicketAsync("tkt_a", Arg.Any<CancellationToken>())
            .Returns(new RemoteTicketResult(TicketWriteFakes.Copy(untagged, t => t.Tags = ["vpn"]), 0));
        _fakes.Remote.GetTicketAsync("tkt_b", Arg.Any<CancellationToken>())
            .Returns(new RemoteTicketResult(TicketWriteFakes.Copy(tagged, t => t.Tags = ["outage"]), 0));
        _fakes.Remote.UpdateTicketAsync("tkt_a", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .Returns(new RemoteTicketResult(TicketWriteFakes.Copy(untagged, t => t.Tags = ["vpn", "outage"]), 0));

        var result = await Handler.Handle(new BulkUpdateTicketsCommand { TicketIds = [untagged.Id, tagged.Id], AddTag = " outage " }, Ct);

        result.Outcomes.Select(o => o.Outcome).ShouldBe([BulkOutcome.Updated, BulkOutcome.Unchanged]);
        await _fakes.Remote.Received(1).UpdateTicketAsync(
            "tkt_a", Arg.Is<RemoteTicketUpdate>(u => u.Tags.HasValue && u.Tags.Value!.SequenceEqual(new[] { "vpn", "outage" })), Arg.Any<CancellationToken>());
        await _fakes.Remote.DidNotReceive().UpdateTicketAsync("tkt_b", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_cancelled_request_stops_and_still_audits_what_was_done()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var first = Cached("tkt_a", "IT-20");
        var second = Cached("tkt_b", "IT-21");
        _fakes.Remote.UpdateTicketAsync("tkt_a", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .Returns(_ =>
            {
                cts.Cancel();
                return new RemoteTicketResult(TicketWriteFakes.Copy(first), 0);
            });

        await Should.ThrowAsync<OperationCanceledException>(async () =>
            await Handler.Handle(new BulkUpdateTicketsCommand { TicketIds = [first.Id, second.Id], Status = TicketStatus.Resolved }, cts.Token));

        await _fakes.Remote.DidNotReceive().UpdateTicketAsync("tkt_b", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>());
        _fakes.Stored.Select(t => t.ExternalTicketId).ShouldBe(["tkt_a"]);
        var details = System.Text.Json.JsonSerializer.Serialize(_fakes.AuditDetails(BulkUpdateTicketsHandler.AuditAction).ShouldHaveSingleItem());
        details.ShouldContain("\"Cancelled\":true");
        details.ShouldContain("\"Succeeded\":1");
    }

    [Fact]
    public async Task Following_alone_asks_nothing_of_the_remote_even_during_an_outage_and_counts_only_what_changed()
    {
        var notYet = Cached("tkt_a", "IT-50");
        var already = Cached("tkt_b", "IT-51");
        _fakes.Outbox.GetPendingUpdatesAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<CancellationToken>())
            .Returns([new PendingTicketWrite { Summary = "status → resolved", PayloadJson = "{}", TicketId = notYet.Id }]);
        _fakes.Followers.GetAsync(notYet.Id, "user-1", Arg.Any<CancellationToken>()).Returns(new FollowState(notYet.Id, false, FollowReason.None, false));
        _fakes.Followers.GetAsync(already.Id, "user-1", Arg.Any<CancellationToken>()).Returns(new FollowState(already.Id, true, FollowReason.Assignee, false));
        _fakes.Followers.SetAsync(Arg.Any<Guid>(), "user-1", true, TicketWriteFakes.Now, Arg.Any<CancellationToken>())
            .Returns(call => new FollowState(call.ArgAt<Guid>(0), true, FollowReason.Chosen, false));

        var result = await Handler.Handle(new BulkUpdateTicketsCommand { TicketIds = [notYet.Id, already.Id], Follow = true }, Ct);

        result.Outcomes.Select(o => (o.TicketNumber, o.Outcome)).ShouldBe([("IT-50", BulkOutcome.Updated), ("IT-51", BulkOutcome.Unchanged)]);
        await _fakes.Followers.Received(1).SetAsync(notYet.Id, "user-1", true, TicketWriteFakes.Now, Arg.Any<CancellationToken>());
        await _fakes.Followers.Received(1).SetAsync(already.Id, "user-1", true, TicketWriteFakes.Now, Arg.Any<CancellationToken>());
        _fakes.Remote.ReceivedCalls().ShouldBeEmpty();
        _fakes.Queued.ShouldBeEmpty("following is the dashboard's own: nothing waits for Championship IT");
        System.Text.Json.JsonSerializer.Serialize(_fakes.AuditDetails(BulkUpdateTicketsHandler.AuditAction).ShouldHaveSingleItem()).ShouldContain("\"Follow\":true");
    }

    [Fact]
    public async Task A_ticket_whose_change_failed_is_not_followed_and_one_whose_change_queued_is()
    {
        var gone = Cached("tkt_gone", "IT-60");
        var queued = Cached("tkt_q", "IT-61");
        _fakes.Remote.UpdateTicketAsync("tkt_gone", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>()).ThrowsAsync(RemoteNotFoundException.ForTicket("tkt_gone"));
        _fakes.Remote.UpdateTicketAsync("tkt_q", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.ServerError, "Championship IT failed with 503."));
        _fakes.Followers.SetAsync(queued.Id, "user-1", false, TicketWriteFakes.Now, Arg.Any<CancellationToken>()).Returns(new FollowState(queued.Id, false, FollowReason.None, true));

        var result = await Handler.Handle(new BulkUpdateTicketsCommand { TicketIds = [gone.Id, queued.Id], Status = TicketStatus.OnHold, Follow = false }, Ct);

        result.Outcomes.Select(o => o.Outcome).ShouldBe([BulkOutcome.Failed, BulkOutcome.Queued]);
        await _fakes.Followers.DidNotReceive().SetAsync(gone.Id, Arg.Any<string>(), Arg.Any<bool>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        await _fakes.Followers.Received(1).SetAsync(queued.Id, "user-1", false, TicketWriteFakes.Now, Arg.Any<CancellationToken>());
    }

    private Ticket Cached(string externalId, string number, string? assigneeId = null)
    {
        var ticket = TicketWriteFakes.Ticket(externalId, number, assigneeId: assigneeId, assigneeName: assigneeId is null ? null : "Sam Ito");
        _fakes.Tickets.FindAsync(ticket.Id, Arg.Any<CancellationToken>()).Returns(ticket);
        return ticket;
    }
}
