using Shouldly;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Domain;

public sealed class SlaTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AtRiskWindow = TimeSpan.FromHours(4);

    [Fact]
    public void Resolved_by_the_due_date_is_met()
    {
        var ticket = TestTickets.Make(TicketStatus.Resolved, Created, resolvedAt: Created.AddHours(20), due: Created.AddHours(24));
        ticket.SlaStateAt(Created.AddDays(5), AtRiskWindow).ShouldBe(SlaState.Met);
    }

    [Fact]
    public void Resolved_exactly_at_the_due_date_is_met()
    {
        var ticket = TestTickets.Make(TicketStatus.Closed, Created, resolvedAt: Created.AddHours(24), due: Created.AddHours(24));
        ticket.SlaStateAt(Created.AddDays(5), AtRiskWindow).ShouldBe(SlaState.Met);
    }

    [Fact]
    public void Resolved_after_the_due_date_is_breached()
    {
        var ticket = TestTickets.Make(TicketStatus.Resolved, Created, resolvedAt: Created.AddHours(30), due: Created.AddHours(24));
        ticket.SlaStateAt(Created.AddDays(5), AtRiskWindow).ShouldBe(SlaState.Breached);
    }

    [Fact]
    public void Open_past_the_due_date_is_breached()
    {
        var ticket = TestTickets.Make(TicketStatus.Open, Created, due: Created.AddHours(8));
        ticket.SlaStateAt(Created.AddHours(9), AtRiskWindow).ShouldBe(SlaState.Breached);
    }

    [Fact]
    public void Open_and_due_within_the_window_is_at_risk()
    {
        var ticket = TestTickets.Make(TicketStatus.InProgress, Created, due: Created.AddHours(8));
        ticket.SlaStateAt(Created.AddHours(5), AtRiskWindow).ShouldBe(SlaState.AtRisk);
    }

    [Fact]
    public void Open_and_due_later_is_on_track()
    {
        var ticket = TestTickets.Make(TicketStatus.Open, Created, due: Created.AddHours(24));
        ticket.SlaStateAt(Created.AddHours(1), AtRiskWindow).ShouldBe(SlaState.OnTrack);
    }

    [Fact]
    public void No_due_date_means_no_sla()
    {
        TestTickets.Make(TicketStatus.Open, Created).SlaStateAt(Created.AddDays(30), AtRiskWindow).ShouldBe(SlaState.None);
    }

    [Fact]
    public void Cancelled_tickets_have_no_sla_to_meet()
    {
        var ticket = TestTickets.Make(TicketStatus.Cancelled, Created, due: Created.AddHours(8));
        ticket.SlaStateAt(Created.AddDays(2), AtRiskWindow).ShouldBe(SlaState.NotApplicable);
    }

    [Fact]
    public void Only_a_later_remote_version_is_newer()
    {
        var ticket = TestTickets.Make(TicketStatus.Open, Created);
        ticket.IsNewerThan(Created.AddSeconds(-1)).ShouldBeTrue();
        ticket.IsNewerThan(Created).ShouldBeFalse();
        ticket.IsNewerThan(Created.AddMilliseconds(1)).ShouldBeFalse();
    }
}

internal static class TestTickets
{
    public static Ticket Make(TicketStatus status, DateTimeOffset created, DateTimeOffset? resolvedAt = null, DateTimeOffset? due = null) => new()
    {
        ExternalTicketId = "tkt_1",
        TicketNumber = "IT-000001",
        Title = "VPN drops",
        Status = status,
        Priority = TicketPriority.High,
        CreatedAt = created,
        UpdatedAt = resolvedAt ?? created,
        ResolvedAt = resolvedAt,
        DueDate = due,
    };
}
