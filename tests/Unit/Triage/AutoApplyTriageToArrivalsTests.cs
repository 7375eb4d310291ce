using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
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

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    private readonly TriageOptions _options = new() { AutoApplyMaxAttempts = 3, AutoApplyRetryBaseDelaySeconds = 60 };

    private AutoApplyTriageToArrivalsHandler Handler =>
        new(_arrivals, _store, _predictor, _tickets, _sender, Options.Create(_options), _clock, NullLogger<AutoApplyTriageToArrivalsHandler>.Instance);

    private UpdateTicketResult Result(UpdateTicketOutcome outcome) =>
        new(outcome, _ticket, TicketEditableFields.Of(_ticket), TicketEditableFields.Of(_ticket), []);

    [Fact]
    public async Task An_empty_enabled_field_gets_the_confident_suggestion_through_the_normal_edit_and_the_assistants_audit()
    {
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<DateTimeOffset>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns([new TriageArrival(_ticket.Id, IsPhi: false)]);

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
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<DateTimeOffset>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns([new TriageArrival(_ticket.Id, IsPhi: true)]);

        (await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct)).ShouldBe(1);

        await _predictor.DidNotReceive().SuggestAsync(Arg.Any<TriageInput>(), Arg.Any<int>(), Arg.Any<CancellationToken>());
        await _sender.DidNotReceive().Send(Arg.Any<UpdateTicketCommand>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_value_someone_set_at_the_remote_meanwhile_is_kept_and_nothing_is_audited()
    {
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<DateTimeOffset>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns([new TriageArrival(_ticket.Id, IsPhi: false)]);
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
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<DateTimeOffset>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns([]);

        (await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct)).ShouldBe(0);

        await _store.DidNotReceive().GetSettingsAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_save_is_sent_without_queueing_and_a_done_ticket_is_completed()
    {
        var arrival = new TriageArrival(_ticket.Id, IsPhi: false, Guid.NewGuid(), 1);
        _arrivals.ClaimAsync(Arg.Any<int>(), _clock.GetUtcNow(), TimeSpan.FromSeconds(_options.AutoApplyClaimSeconds), Arg.Any<CancellationToken>()).Returns([arrival]);

        await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct);

        await _sender.Received(1).Send(Arg.Is<UpdateTicketCommand>(c => !c.QueueWhenUnreachable), Arg.Any<CancellationToken>());
        await _arrivals.Received(1).CompleteAsync(arrival, Arg.Any<CancellationToken>());
        await _arrivals.DidNotReceive().RetryAsync(Arg.Any<TriageArrival>(), Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 120)]
    public async Task A_failed_save_puts_the_ticket_back_with_the_reason_after_a_doubling_wait(int attempt, int waitSeconds)
    {
        var arrival = new TriageArrival(_ticket.Id, IsPhi: false, Guid.NewGuid(), attempt);
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<DateTimeOffset>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns([arrival]);
        SaveFails(new RemoteUnavailableException(RemoteUnavailableReason.ServerError, "Championship IT answered 503."));

        (await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct)).ShouldBe(1);

        await _arrivals.Received(1).RetryAsync(arrival, "Championship IT answered 503.", _clock.GetUtcNow().AddSeconds(waitSeconds), Arg.Any<CancellationToken>());
        await _arrivals.DidNotReceive().CompleteAsync(Arg.Any<TriageArrival>(), Arg.Any<CancellationToken>());
        await _sender.DidNotReceive().Send(Arg.Any<AuditAutoAppliedTriageCommand>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_last_attempt_records_the_failure_for_the_admin_page_and_the_batch_goes_on()
    {
        var failing = new TriageArrival(_ticket.Id, IsPhi: false, Guid.NewGuid(), 3);
        var other = new TriageArrival(Guid.NewGuid(), IsPhi: false, failing.ClaimId, 1);
        _arrivals.ClaimAsync(Arg.Any<int>(), Arg.Any<DateTimeOffset>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns([failing, other]);
        SaveFails(new Ticketing.Application.Common.Exceptions.ValidationException(
            new Dictionary<string, string[]> { [""] = ["Championship IT refused the dashboard's API key, so nothing was saved."] }));

        (await Handler.Handle(new AutoApplyTriageToArrivalsCommand(), Ct)).ShouldBe(2);

        await _arrivals.Received(1).FailAsync(failing, "Championship IT refused the dashboard's API key, so nothing was saved.", _clock.GetUtcNow(), Arg.Any<CancellationToken>());
        await _arrivals.Received(1).CompleteAsync(other, Arg.Any<CancellationToken>());
    }

    [Fact]
    public void The_wait_doubles_and_stops_at_an_hour()
    {
        AutoApplyTriageToArrivalsHandler.RetryDelay(1, TimeSpan.FromMinutes(1)).ShouldBe(TimeSpan.FromMinutes(1));
        AutoApplyTriageToArrivalsHandler.RetryDelay(4, TimeSpan.FromMinutes(1)).ShouldBe(TimeSpan.FromMinutes(8));
        AutoApplyTriageToArrivalsHandler.RetryDelay(40, TimeSpan.FromMinutes(1)).ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void An_unexpected_failure_is_named_by_its_kind_not_its_message()
    {
        AutoApplyTriageToArrivalsHandler.Reason(new InvalidOperationException("row for ada.park@demo.local"))
            .ShouldBe("An unexpected error (InvalidOperationException); the application log has the details.");
    }

    private void SaveFails(Exception failure)
    {
        // NSubstitute configures the call it records; the ValueTask it returns here is never awaited.
#pragma warning disable CA2012
        _sender.Send(Arg.Is<UpdateTicketCommand>(c => c.Id == _ticket.Id), Arg.Any<CancellationToken>())
            .Returns<ValueTask<UpdateTicketResult>>(_ => throw failure);
#pragma warning restore CA2012
    }
}
