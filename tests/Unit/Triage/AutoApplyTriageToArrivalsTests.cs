using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.AutoApplyTriage;
using Ticketing.Application.Triage.Commands.AutoApplyTriageToArrivals;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;

namespace Ticketing.UnitTests.Triage;

public sealed class AutoApplyTriageToArrivalsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ITriageArrivals _arrivals = Substitute.For<ITriageArrivals>();
    private readonly ITriageModelStore _store = Substitute.For<ITriageModelStore>();
    private readonly ITriagePredictor _predictor = Substitute.For<ITriagePredictor>();
    private readonly ITicketRepository _tickets = Substitute.For<ITicketRepository>();
    private readonly ISender _sender = Substitute.For<ISender>();
    private readonly Ticket _ticket = new()
    {
        Id = Guid.NewGuid(),
        ExternalTicketId = "tkt_1",
        TicketNumber = "IT-1",
        Title = "VPN tunnel drops",
        Description = "Every few minutes.",
        Department = "Sales",
        Status = TicketStatus.Open,
        Priority = TicketPriority.Medium,
        UpdatedAt = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero),
    };

    public AutoApplyTriageToArrivalsTests()
    {
        _tickets.FindAsync(_ticket.Id, Arg.Any<CancellationToken>()).Returns(_ticket);
        _store.GetSettingsAsync(Arg.Any<CancellationToken>()).Returns(new TriageSettings { AutoApplyCategoryAbove = 0.8, AutoApplyDepartmentAbove = 0.8 });
        _predictor.SuggestAsync(Arg.Any<TriageInput>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(new TriageSuggestions(
        [
            new TriageTargetSuggestions(TriageTarget.Category, 7, [new TriageSuggestion("Network", 0.91, ["vpn"])]),
            new TriageTargetSuggestions(TriageTarget.Department, 8, [new TriageSuggestion("Finance", 0.99, [])]),
        ]));
        // NSubstitute configures the call it records; the ValueTask it returns here is never awaited.
#pragma warning disable CA2012
        _sender.Send(Arg.Any<UpdateTicketCommand>(), Arg.Any<CancellationToken>())
            .Returns(call => new ValueTask<UpdateTicketResult>(Result(UpdateTicketOutcome.Saved)));
#pragma warning restore CA2012
    }

    private AutoApplyTriageToArrivalsHandler Handler =>
        new(_arrivals, _store, _predictor, _tickets, _sender, NullLogger<AutoApplyTriageToArrivalsHandler>.Instance);

    private UpdateTicketResult Result(UpdateTicketOutcome outcome) =>
        new(outcome, _ticket, TicketEditableFields.Of(_ticket), TicketEditableFields.Of(_ticket), []);

    [Fact]
    public async Task An_empty_enabled_field_gets_the_confident_suggestion_through_the_normal_edit_and_the_assistants_audit()
    {
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns([new TriageArrival(_ticket.Id, IsPhi: false)]);

        (await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct)).ShouldBe(1);

        await _sender.Received(1).Send(
            Arg.Is<UpdateTicketCommand>(c => c.Id == _ticket.Id && c.Category == "Network" && c.Department == "Sales" && c.ExpectedUpdatedAt == _ticket.UpdatedAt),
            Arg.Any<CancellationToken>());
        await _sender.Received(1).Send(
            Arg.Is<AuditAutoAppliedTriageCommand>(c => c.TicketNumber == "IT-1" && c.Applied.Single().Value == "Network" && c.Applied.Single().Threshold == 0.8),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_phi_ticket_is_left_alone_unless_an_admin_allows_its_text()
    {
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns([new TriageArrival(_ticket.Id, IsPhi: true)]);

        (await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct)).ShouldBe(1);

        await _predictor.DidNotReceive().SuggestAsync(Arg.Any<TriageInput>(), Arg.Any<int>(), Arg.Any<CancellationToken>());
        await _sender.DidNotReceive().Send(Arg.Any<UpdateTicketCommand>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_value_someone_set_at_the_remote_meanwhile_is_kept_and_nothing_is_audited()
    {
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns([new TriageArrival(_ticket.Id, IsPhi: false)]);
        // NSubstitute configures the call it records; the ValueTask it returns here is never awaited.
#pragma warning disable CA2012
        _sender.Send(Arg.Any<UpdateTicketCommand>(), Arg.Any<CancellationToken>())
            .Returns(call => new ValueTask<UpdateTicketResult>(Result(UpdateTicketOutcome.Conflict)));
#pragma warning restore CA2012

        await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct);

        await _sender.DidNotReceive().Send(Arg.Any<AuditAutoAppliedTriageCommand>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Nothing_claimed_reads_nothing_else()
    {
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns([]);

        (await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct)).ShouldBe(0);

        await _store.DidNotReceive().GetSettingsAsync(Arg.Any<CancellationToken>());
    }
}
