using Shouldly;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Sla;

public sealed class SlaEvaluationTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly SlaPolicy CalendarHours = new()
    {
        Id = Guid.NewGuid(), Name = "Calendar", FirstResponseMinutes = 60, ResolutionMinutes = 600, PauseWhileWaiting = true,
    };

    private static SlaTicketFacts Ticket(TicketStatus status, DateTimeOffset? resolvedAt = null, DateTimeOffset? repliedAt = null,
        params StatusChange[] changes) =>
        new(Created, changes.Length > 0 ? changes.Max(c => c.At) : Created, status, resolvedAt, repliedAt, changes);

    [Fact]
    public void A_fresh_ticket_is_on_track_with_both_due_times()
    {
        var sla = SlaEvaluation.Evaluate(CalendarHours, null, Ticket(TicketStatus.Open), Created.AddMinutes(10));

        sla.FirstResponseDueAt.ShouldBe(Created.AddHours(1));
        sla.ResolutionDueAt.ShouldBe(Created.AddHours(10));
        sla.State.ShouldBe(SlaState.OnTrack);
    }

    [Fact]
    public void A_missed_first_response_breaches_the_ticket()
    {
        var sla = SlaEvaluation.Evaluate(CalendarHours, null, Ticket(TicketStatus.Open), Created.AddHours(2));

        sla.FirstResponseState.ShouldBe(SlaState.Breached);
        sla.ResolutionState.ShouldBe(SlaState.OnTrack);
        sla.State.ShouldBe(SlaState.Breached);
    }

    [Fact]
    public void An_answered_ticket_past_three_quarters_of_its_resolution_target_is_at_risk()
    {
        var sla = SlaEvaluation.Evaluate(CalendarHours, null, Ticket(TicketStatus.InProgress, repliedAt: Created.AddMinutes(30)), Created.AddHours(8));

        sla.FirstResponseState.ShouldBe(SlaState.Met);
        sla.State.ShouldBe(SlaState.AtRisk);
    }

    [Fact]
    public void Waiting_on_the_requester_moves_the_due_time_by_the_wait()
    {
        var ticket = Ticket(TicketStatus.InProgress, null, Created.AddMinutes(5),
            new StatusChange(Created.AddHours(2), TicketStatus.Open, TicketStatus.Pending),
            new StatusChange(Created.AddHours(5), TicketStatus.Pending, TicketStatus.InProgress));

        var sla = SlaEvaluation.Evaluate(CalendarHours, null, ticket, Created.AddHours(6));

        sla.ResolutionDueAt.ShouldBe(Created.AddHours(13));
        sla.Paused.ShouldBe(TimeSpan.FromHours(3));
        sla.IsPaused.ShouldBeFalse();
    }

    [Fact]
    public void A_ticket_waiting_now_is_paused_and_has_no_resolution_due_time()
    {
        var ticket = Ticket(TicketStatus.Pending, null, Created.AddMinutes(5),
            new StatusChange(Created.AddHours(2), TicketStatus.Open, TicketStatus.Pending));

        var sla = SlaEvaluation.Evaluate(CalendarHours, null, ticket, Created.AddHours(30));

        sla.IsPaused.ShouldBeTrue();
        sla.ResolutionDueAt.ShouldBeNull();
        sla.Paused.ShouldBe(TimeSpan.FromHours(28));
        sla.State.ShouldBe(SlaState.OnTrack);
    }

    [Fact]
    public void A_policy_that_does_not_pause_keeps_counting_while_waiting()
    {
        var policy = new SlaPolicy { Id = Guid.NewGuid(), Name = "No pause", FirstResponseMinutes = 60, ResolutionMinutes = 600, PauseWhileWaiting = false };
        var ticket = Ticket(TicketStatus.Pending, null, Created.AddMinutes(5),
            new StatusChange(Created.AddHours(2), TicketStatus.Open, TicketStatus.Pending));

        var sla = SlaEvaluation.Evaluate(policy, null, ticket, Created.AddHours(30));

        sla.ResolutionDueAt.ShouldBe(Created.AddHours(10));
        sla.State.ShouldBe(SlaState.Breached);
    }

    [Fact]
    public void A_ticket_mirrored_without_history_and_waiting_counts_as_paused_since_its_last_update()
    {
        var ticket = new SlaTicketFacts(Created, Created.AddHours(4), TicketStatus.OnHold, null, Created.AddMinutes(5), []);

        var sla = SlaEvaluation.Evaluate(CalendarHours, null, ticket, Created.AddHours(20));

        sla.Paused.ShouldBe(TimeSpan.FromHours(16));
        sla.IsPaused.ShouldBeTrue();
    }

    [Fact]
    public void Resolving_in_time_meets_and_resolving_late_breaches()
    {
        SlaEvaluation.Evaluate(CalendarHours, null, Ticket(TicketStatus.Resolved, Created.AddHours(9), Created.AddMinutes(20)), Created.AddDays(3))
            .State.ShouldBe(SlaState.Met);
        SlaEvaluation.Evaluate(CalendarHours, null, Ticket(TicketStatus.Closed, Created.AddHours(11), Created.AddMinutes(20)), Created.AddDays(3))
            .ResolutionState.ShouldBe(SlaState.Breached);
    }

    [Fact]
    public void A_cancelled_ticket_has_no_sla()
    {
        SlaEvaluation.Evaluate(CalendarHours, null, Ticket(TicketStatus.Cancelled), Created.AddDays(3)).State.ShouldBe(SlaState.NotApplicable);
    }

    [Fact]
    public void Business_hour_targets_count_only_working_time()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var policy = new SlaPolicy
        {
            Id = Guid.NewGuid(), Name = "Business", FirstResponseMinutes = 120, ResolutionMinutes = 16 * 60, BusinessHours = true,
        };
        var calendar = BusinessCalendar.WeekdaysNineToFive(berlin);
        var fridayEvening = new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
        var ticket = new SlaTicketFacts(fridayEvening, fridayEvening, TicketStatus.Open, null, null, []);

        var sla = SlaEvaluation.Evaluate(policy, calendar, ticket, fridayEvening.AddHours(1));

        sla.FirstResponseDueAt.ShouldBe(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        sla.ResolutionDueAt.ShouldBe(new DateTimeOffset(2026, 12, 8, 16, 0, 0, TimeSpan.Zero));
    }
}
