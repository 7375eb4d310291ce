using Mediator;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Behaviours;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Application;

public sealed class PhiTicketWriteBehaviourTests
{
    public sealed record EditTicket(Guid Id) : ICommand<string>, ITicketWrite
    {
        IReadOnlyCollection<Guid> ITicketWrite.WrittenTicketIds => [Id];
    }

    private static readonly Guid Phi = Guid.NewGuid();
    private static readonly Guid Plain = Guid.NewGuid();
    private static readonly Guid OtherPhi = Guid.NewGuid();

    private static readonly string[] PhiNumber = ["IT-000001"];
    private static readonly string[] BothPhiNumbers = ["IT-000001", "IT-000003"];
    private static readonly string[] OtherPhiNumber = ["IT-000003"];

    private static readonly PhiTicket[] Flagged = [new(Phi, "IT-000001", "Diagnoses"), new(OtherPhi, "IT-000003", "Clinic")];

    private readonly ICurrentUser user = Substitute.For<ICurrentUser>();
    private readonly IPhiClassification classification = Substitute.For<IPhiClassification>();
    private readonly IPhiAccessStore access = Substitute.For<IPhiAccessStore>();
    private readonly IAuditLog audit = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    public PhiTicketWriteBehaviourTests()
    {
        user.UserId.Returns("staff-1");
        classification.PhiTicketsAmongAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<CancellationToken>())
            .Returns(call => Flagged.Where(t => call.Arg<IReadOnlyCollection<Guid>>().Contains(t.TicketId)).ToList());
        access.BreakGlassGrantsAsync(Arg.Any<string>(), Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<Guid, DateTimeOffset>());
    }

    [Fact]
    public async Task A_staff_user_without_access_is_refused_before_the_handler_and_the_refusal_is_audited()
    {
        var calls = 0;

        var refused = await Should.ThrowAsync<ForbiddenAccessException>(async () =>
            await Behaviour<EditTicket, string>().Handle(new EditTicket(Phi), (_, _) => { calls++; return ValueTask.FromResult("done"); }, CancellationToken.None));

        refused.Message.ShouldBe(PhiWriteRefusal.Message);
        calls.ShouldBe(0);
        await audit.Received(1).WriteTicketAccessAsync(Arg.Is<TicketAccess>(a => a.Action == PhiAuditActions.ChangeRefused && a.TicketIds.SequenceEqual(PhiNumber)), Arg.Any<CancellationToken>());
        await audit.DidNotReceive().WriteTicketAccessAsync(Arg.Is<TicketAccess>(a => a.Action == PhiAuditActions.Change), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_live_break_glass_grant_lets_the_change_through_and_the_change_is_audited_by_number_with_its_rule()
    {
        access.BreakGlassGrantsAsync("staff-1", Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.Contains(Phi)), clock.GetUtcNow(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<Guid, DateTimeOffset> { [Phi] = clock.GetUtcNow().AddMinutes(20) });

        var result = await Behaviour<EditTicket, string>().Handle(new EditTicket(Phi), (_, _) => ValueTask.FromResult("done"), CancellationToken.None);

        result.ShouldBe("done");
        await audit.Received(1).WriteTicketAccessAsync(
            Arg.Is<TicketAccess>(a => a.Action == PhiAuditActions.Change && a.TicketIds.SequenceEqual(PhiNumber)), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task The_permission_or_the_system_actor_pass_without_a_grant_and_are_audited(bool hasPhiAccess, bool isSystem)
    {
        user.HasPhiAccess.Returns(hasPhiAccess);
        user.IsSystem.Returns(isSystem);

        (await Behaviour<EditTicket, string>().Handle(new EditTicket(Phi), (_, _) => ValueTask.FromResult("done"), CancellationToken.None)).ShouldBe("done");

        await access.DidNotReceive().BreakGlassGrantsAsync(Arg.Any<string>(), Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        await audit.Received(1).WriteTicketAccessAsync(Arg.Is<TicketAccess>(a => a.Action == PhiAuditActions.Change), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_write_to_a_ticket_without_PHI_passes_and_writes_no_PHI_entry()
    {
        (await Behaviour<EditTicket, string>().Handle(new EditTicket(Plain), (_, _) => ValueTask.FromResult("done"), CancellationToken.None)).ShouldBe("done");

        await audit.DidNotReceive().WriteTicketAccessAsync(Arg.Any<TicketAccess>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_bulk_edit_skips_the_PHI_rows_reports_them_in_order_and_audits_only_what_it_changed()
    {
        var command = new BulkUpdateTicketsCommand { TicketIds = [Phi, Plain, OtherPhi], Status = TicketStatus.Resolved };
        BulkUpdateTicketsCommand? sent = null;

        var result = await Behaviour<BulkUpdateTicketsCommand, BulkUpdateResult>().Handle(
            command,
            (c, _) =>
            {
                sent = c;
                return ValueTask.FromResult(new BulkUpdateResult([new BulkTicketOutcome(Plain, "IT-000002", BulkOutcome.Updated, null)]));
            },
            CancellationToken.None);

        sent.ShouldNotBeNull().TicketIds.ShouldBe([Plain]);
        result.Outcomes.Select(o => (o.TicketId, o.Outcome)).ShouldBe([(Phi, BulkOutcome.Failed), (Plain, BulkOutcome.Updated), (OtherPhi, BulkOutcome.Failed)]);
        result.Outcomes[0].Error.ShouldBe(PhiWriteRefusal.RowMessage);
        result.Outcomes[0].TicketNumber.ShouldBe("IT-000001");
        result.Failures.Count.ShouldBe(2);
        await audit.Received(1).WriteTicketAccessAsync(
            Arg.Is<TicketAccess>(a => a.Action == PhiAuditActions.ChangeRefused && a.TicketIds.SequenceEqual(BothPhiNumbers)), Arg.Any<CancellationToken>());
        await audit.DidNotReceive().WriteTicketAccessAsync(Arg.Is<TicketAccess>(a => a.Action == PhiAuditActions.Change), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_bulk_edit_reads_the_break_glass_grants_of_all_its_PHI_rows_in_one_query_and_refuses_the_rows_without_one()
    {
        access.BreakGlassGrantsAsync("staff-1", Arg.Any<IReadOnlyCollection<Guid>>(), clock.GetUtcNow(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<Guid, DateTimeOffset> { [OtherPhi] = clock.GetUtcNow().AddMinutes(10) });
        BulkUpdateTicketsCommand? sent = null;

        var result = await Behaviour<BulkUpdateTicketsCommand, BulkUpdateResult>().Handle(
            new BulkUpdateTicketsCommand { TicketIds = [Phi, Plain, OtherPhi], Status = TicketStatus.Resolved },
            (c, _) =>
            {
                sent = c;
                return ValueTask.FromResult(new BulkUpdateResult(
                [
                    new BulkTicketOutcome(Plain, "IT-000002", BulkOutcome.Updated, null),
                    new BulkTicketOutcome(OtherPhi, "IT-000003", BulkOutcome.Updated, null),
                ]));
            },
            CancellationToken.None);

        await access.Received(1).BreakGlassGrantsAsync(
            "staff-1", Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.Count == 2 && ids.Contains(Phi) && ids.Contains(OtherPhi)), clock.GetUtcNow(), Arg.Any<CancellationToken>());
        sent.ShouldNotBeNull().TicketIds.ShouldBe([Plain, OtherPhi]);
        result.Outcomes.Single(o => o.TicketId == Phi).Outcome.ShouldBe(BulkOutcome.Failed);
        await audit.Received(1).WriteTicketAccessAsync(
            Arg.Is<TicketAccess>(a => a.Action == PhiAuditActions.Change && a.TicketIds.SequenceEqual(OtherPhiNumber)), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_bulk_edit_of_PHI_rows_only_never_reaches_the_handler()
    {
        var calls = 0;

        var result = await Behaviour<BulkUpdateTicketsCommand, BulkUpdateResult>().Handle(
            new BulkUpdateTicketsCommand { TicketIds = [Phi, OtherPhi], Priority = TicketPriority.High },
            (_, _) => { calls++; return ValueTask.FromResult(new BulkUpdateResult([])); },
            CancellationToken.None);

        calls.ShouldBe(0);
        result.Outcomes.ShouldAllBe(o => o.Outcome == BulkOutcome.Failed);
        result.SucceededCount.ShouldBe(0);
    }

    [Fact]
    public async Task Following_alone_is_not_a_ticket_write()
    {
        var result = await Behaviour<BulkUpdateTicketsCommand, BulkUpdateResult>().Handle(
            new BulkUpdateTicketsCommand { TicketIds = [Phi], Follow = true },
            (_, _) => ValueTask.FromResult(new BulkUpdateResult([new BulkTicketOutcome(Phi, "IT-000001", BulkOutcome.Unchanged, null)])),
            CancellationToken.None);

        result.Outcomes.ShouldHaveSingleItem().Outcome.ShouldBe(BulkOutcome.Unchanged);
        await audit.DidNotReceive().WriteTicketAccessAsync(Arg.Any<TicketAccess>(), Arg.Any<CancellationToken>());
    }

    private PhiTicketWriteBehaviour<TMessage, TResponse> Behaviour<TMessage, TResponse>()
        where TMessage : notnull, IMessage, ITicketWrite =>
        new(user, classification, access, audit, clock);
}
