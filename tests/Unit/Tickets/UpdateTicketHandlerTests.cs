using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Shouldly;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Tickets;

public sealed class UpdateTicketHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TicketWriteFakes _fakes = new();
    private readonly Ticket _cached = TicketWriteFakes.Ticket(assigneeId: "agt_12", assigneeName: "Sam Ito");

    public UpdateTicketHandlerTests() =>
        _fakes.Tickets.FindAsync(_cached.Id, Arg.Any<CancellationToken>()).Returns(_cached);

    private UpdateTicketHandler Handler => new(_fakes.Remote, _fakes.Tickets, _fakes.Outbox, _fakes.Lists, _fakes.Audit, _fakes.User, _fakes.Clock);

    [Fact]
    public async Task Patches_only_the_changed_fields_stores_the_answer_and_audits_old_and_new()
    {
        var remoteNow = TicketWriteFakes.Copy(_cached);
        _fakes.Remote.GetTicketAsync("tkt_1", Arg.Any<CancellationToken>()).Returns(new RemoteTicketResult(remoteNow, 0));
        var answer = TicketWriteFakes.Copy(_cached, t =>
        {
            t.Status = TicketStatus.Resolved;
            t.AssigneeId = "agt_99";
            t.AssigneeName = "Kim Lee";
            t.UpdatedAt = TicketWriteFakes.Now;
        });
        RemoteTicketUpdate? sent = null;
        _fakes.Remote.UpdateTicketAsync("tkt_1", Arg.Do<RemoteTicketUpdate>(u => sent = u), Arg.Any<CancellationToken>()).Returns(new RemoteTicketResult(answer, 0));

        var result = await Handler.Handle(UpdateTicketCommand.For(_cached) with { Status = TicketStatus.Resolved, AssigneeId = "agt_99" }, Ct);

        result.Outcome.ShouldBe(UpdateTicketOutcome.Saved);
        result.Fields.ShouldBe([TicketEditableFields.StatusField, TicketEditableFields.AssigneeField]);
        sent.ShouldNotBeNull();
        sent.Status.ShouldBe(new Optional<TicketStatus>(TicketStatus.Resolved));
        sent.AssigneeId.Value.ShouldBe("agt_99");
        sent.AssigneeName.Value.ShouldBe("Kim Lee", "the name comes from the assignees the cache knows");
        (sent.Priority.HasValue || sent.Category.HasValue || sent.Department.HasValue || sent.DueDate.HasValue || sent.Title.HasValue).ShouldBeFalse();
        _fakes.Stored.ShouldBe([answer]);
        await _fakes.Tickets.Received(1).UpsertManyAsync(Arg.Any<IReadOnlyCollection<Ticket>>(), ChangeSource.App, Arg.Any<DateTimeOffset>(), false, Arg.Any<CancellationToken>(), "user-1");
        var details = _fakes.AuditDetails(UpdateTicketHandler.AuditAction).ShouldHaveSingleItem();
        System.Text.Json.JsonSerializer.Serialize(details).ShouldContain("\"status\":{\"Old\":\"open\",\"New\":\"resolved\"}");
    }

    [Fact]
    public async Task A_ticket_changed_at_the_remote_since_the_form_was_loaded_is_not_patched()
    {
        var movedOn = TicketWriteFakes.Copy(_cached, t =>
        {
            t.Priority = TicketPriority.Urgent;
            t.UpdatedAt = _cached.UpdatedAt.AddMinutes(5);
        });
        _fakes.Remote.GetTicketAsync("tkt_1", Arg.Any<CancellationToken>()).Returns(new RemoteTicketResult(movedOn, 0));

        var result = await Handler.Handle(UpdateTicketCommand.For(_cached) with { Status = TicketStatus.Pending }, Ct);

        result.Outcome.ShouldBe(UpdateTicketOutcome.Conflict);
        result.Current.ShouldBe(movedOn);
        result.Fields.ShouldBe([TicketEditableFields.StatusField, TicketEditableFields.PriorityField], "the user's status and the priority they saw differ from now");
        await _fakes.Remote.DidNotReceiveWithAnyArgs().UpdateTicketAsync(default!, default!, Ct);
        _fakes.Stored.ShouldBe([movedOn], "the cache is refreshed with the current version");
        _fakes.AuditDetails(UpdateTicketHandler.AuditAction).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_422_becomes_a_validation_exception_with_the_remotes_field_messages()
    {
        _fakes.Remote.GetTicketAsync("tkt_1", Arg.Any<CancellationToken>()).Returns(new RemoteTicketResult(TicketWriteFakes.Copy(_cached), 0));
        _fakes.Remote.UpdateTicketAsync("tkt_1", Arg.Any<RemoteTicketUpdate>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteRejectedException("Championship IT rejected the request (422)", new Dictionary<string, string[]>
            {
                ["status"] = ["cannot go from open to closed directly"],
                ["assignee_name"] = ["must be null when assignee_id is null"],
            }));

        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await Handler.Handle(UpdateTicketCommand.For(_cached) with { Status = TicketStatus.Closed }, Ct));

        ex.Errors["Status"].ShouldBe(["Status cannot go from open to closed directly."]);
        ex.Errors["AssigneeId"].ShouldBe(["Assignee must be null when assignee_id is null."]);
        _fakes.Stored.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_assignee_the_cache_does_not_know_is_refused_before_anything_is_sent()
    {
        _fakes.Remote.GetTicketAsync("tkt_1", Arg.Any<CancellationToken>()).Returns(new RemoteTicketResult(TicketWriteFakes.Copy(_cached), 0));

        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await Handler.Handle(UpdateTicketCommand.For(_cached) with { AssigneeId = "agt_nobody" }, Ct));

        ex.Errors["AssigneeId"].ShouldBe(["Choose an assignee from the list."]);
        await _fakes.Remote.DidNotReceiveWithAnyArgs().UpdateTicketAsync(default!, default!, Ct);
    }

    [Fact]
    public async Task A_ticket_the_remote_no_longer_has_is_explained_not_crashed_on()
    {
        _fakes.Remote.GetTicketAsync("tkt_1", Arg.Any<CancellationToken>()).ThrowsAsync(RemoteNotFoundException.ForTicket("tkt_1"));

        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await Handler.Handle(UpdateTicketCommand.For(_cached) with { Status = TicketStatus.Resolved }, Ct));

        ex.Errors[""].Single().ShouldContain("no longer has ticket IT-000001");
    }

    [Fact]
    public async Task An_unknown_ticket_is_not_found()
    {
        await Should.ThrowAsync<NotFoundException>(async () =>
            await Handler.Handle(new UpdateTicketCommand { Id = Guid.NewGuid(), ExpectedUpdatedAt = TicketWriteFakes.Now }, Ct));
    }

    [Fact]
    public async Task An_unreachable_remote_queues_the_change_computed_against_the_cache()
    {
        _fakes.Remote.GetTicketAsync("tkt_1", Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.ServerError, "Championship IT failed with 503."));

        var result = await Handler.Handle(UpdateTicketCommand.For(_cached) with { Status = TicketStatus.Resolved, AssigneeId = "agt_99" }, Ct);

        result.Outcome.ShouldBe(UpdateTicketOutcome.Queued);
        result.Fields.ShouldBe([TicketEditableFields.StatusField, TicketEditableFields.AssigneeField]);
        var queued = _fakes.Queued.ShouldHaveSingleItem();
        queued.Kind.ShouldBe(PendingWriteKind.Update);
        queued.TicketId.ShouldBe(_cached.Id);
        queued.ExternalTicketId.ShouldBe("tkt_1");
        queued.Summary.ShouldBe("status → Resolved, assignee → Kim Lee");
        queued.LastError.ShouldBe("Championship IT failed with 503.");
        var payload = OutboxPayload.ReadUpdate(queued.PayloadJson);
        payload.Fields.ShouldBe([TicketEditableFields.StatusField, TicketEditableFields.AssigneeField]);
        payload.After.AssigneeName.ShouldBe("Kim Lee");
        _fakes.Stored.ShouldBeEmpty("the cache keeps the remote's values until the change is delivered");
        await _fakes.Remote.DidNotReceiveWithAnyArgs().UpdateTicketAsync(default!, default!, Ct);
    }

    [Fact]
    public async Task A_change_to_a_ticket_with_queued_changes_queues_behind_them_even_when_the_remote_is_up()
    {
        _fakes.Outbox.GetPendingUpdatesAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<CancellationToken>())
            .Returns([new PendingTicketWrite { Summary = "status → resolved", PayloadJson = "{}", TicketId = _cached.Id }]);

        var result = await Handler.Handle(UpdateTicketCommand.For(_cached) with { Priority = TicketPriority.Critical }, Ct);

        result.Outcome.ShouldBe(UpdateTicketOutcome.Queued);
        _fakes.Queued.ShouldHaveSingleItem().Summary.ShouldBe("priority → Critical");
        await _fakes.Remote.DidNotReceiveWithAnyArgs().GetTicketAsync(default!, Ct);
    }

    [Fact]
    public async Task A_queued_change_from_a_form_older_than_the_cache_is_a_conflict_not_a_queue()
    {
        _fakes.Remote.GetTicketAsync("tkt_1", Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.Timeout, "No answer."));

        var result = await Handler.Handle(UpdateTicketCommand.For(_cached) with { ExpectedUpdatedAt = _cached.UpdatedAt.AddMinutes(-10), Status = TicketStatus.Closed }, Ct);

        result.Outcome.ShouldBe(UpdateTicketOutcome.Conflict);
        _fakes.Queued.ShouldBeEmpty();
    }
}
