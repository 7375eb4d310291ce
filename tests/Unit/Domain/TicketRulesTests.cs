using Shouldly;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Domain;

public sealed class TicketRulesTests
{
    [Fact]
    public void Status_names_are_the_remote_values_in_workflow_order()
    {
        WireName<TicketStatus>.Names.ShouldBe(["open", "in_progress", "pending", "on_hold", "resolved", "closed", "cancelled"]);
    }

    [Fact]
    public void Priority_names_are_the_remote_values_in_severity_order_critical_highest()
    {
        WireName<TicketPriority>.Names.ShouldBe(["low", "medium", "high", "urgent", "critical"]);
        Enum.GetValues<TicketPriority>().Max().ShouldBe(TicketPriority.Critical);
    }

    [Theory]
    [InlineData("in_progress", TicketStatus.InProgress)]
    [InlineData("on_hold", TicketStatus.OnHold)]
    [InlineData("cancelled", TicketStatus.Cancelled)]
    public void Parses_known_status_names(string name, TicketStatus expected)
    {
        WireName<TicketStatus>.TryParse(name, out var status).ShouldBeTrue();
        status.ShouldBe(expected);
    }

    [Theory]
    [InlineData("escalated")]
    [InlineData("Open")]
    [InlineData("InProgress")]
    [InlineData("")]
    [InlineData(null)]
    public void Rejects_unknown_status_names(string? name)
    {
        WireName<TicketStatus>.TryParse(name, out _).ShouldBeFalse();
    }

    [Fact]
    public void Parse_explains_an_unknown_value()
    {
        Should.Throw<FormatException>(() => WireName<TicketPriority>.Parse("blocker"))
            .Message.ShouldContain("blocker");
    }

    [Theory]
    [InlineData(TicketStatus.Open, true)]
    [InlineData(TicketStatus.InProgress, true)]
    [InlineData(TicketStatus.Pending, true)]
    [InlineData(TicketStatus.OnHold, true)]
    [InlineData(TicketStatus.Resolved, false)]
    [InlineData(TicketStatus.Closed, false)]
    [InlineData(TicketStatus.Cancelled, false)]
    public void Active_statuses_are_the_ones_that_still_need_work(TicketStatus status, bool active)
    {
        status.IsActive().ShouldBe(active);
        status.IsFinal().ShouldBe(!active);
    }

    [Fact]
    public void Resolution_time_is_hours_from_creation_to_resolution()
    {
        var created = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        var ticket = TestTickets.Make(TicketStatus.Resolved, created, resolvedAt: created.AddHours(18.5));

        ticket.ResolutionHours.ShouldBe(18.5);
    }

    [Fact]
    public void Resolution_time_is_unknown_for_unresolved_or_cancelled_tickets()
    {
        var created = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

        TestTickets.Make(TicketStatus.InProgress, created).ResolutionHours.ShouldBeNull();
        TestTickets.Make(TicketStatus.Cancelled, created, resolvedAt: created.AddHours(2)).ResolutionHours.ShouldBeNull();
    }
}
