using Shouldly;
using Ticketing.Application.Sla;
using Ticketing.Domain.Sla;

namespace Ticketing.UnitTests.Sla;

/// <summary>When an escalation rule is due: shares of a target in calendar and business hours, the breach and hours after it.</summary>
public sealed class EscalationRuleTests
{
    // Friday 4 December 2026, 13:00 UTC.
    private static readonly DateTimeOffset Friday = new(2026, 12, 4, 13, 0, 0, TimeSpan.Zero);

    private static readonly BusinessCalendar Office = BusinessCalendar.WeekdaysNineToFive(TimeZoneInfo.Utc);

    private static EscalationRule Rule(EscalationTrigger trigger, int? percent = null, int? hours = null) =>
        new() { Trigger = trigger, Percent = percent, HoursAfterBreach = hours, Target = EscalationTarget.Resolution };

    [Theory]
    [InlineData(6, 74, true)]
    [InlineData(6, 75, true)]
    [InlineData(6, 76, false)]
    [InlineData(1, 99, false)]
    public void A_share_in_calendar_hours_is_the_plain_time_run(int hoursPassed, int percent, bool due)
    {
        // An 8-hour target started 6 h ago: 75 % has run.
        var start = Friday.AddHours(-hoursPassed);
        Rule(EscalationTrigger.ElapsedPercent, percent).IsDue(TimeSpan.FromHours(8), start.AddHours(8), null, Friday).ShouldBe(due);
    }

    [Fact]
    public void A_share_in_business_hours_does_not_grow_over_the_weekend()
    {
        // 8 business hours from Friday 13:00 end on Monday 13:00: 4 h on Friday, 4 h on Monday.
        var due = new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero);
        var target = TimeSpan.FromHours(8);
        var seventyFive = Rule(EscalationTrigger.ElapsedPercent, 75);

        EscalationRule.ElapsedShare(target, due, Office, Friday.AddHours(4)).ShouldBe(0.5);
        EscalationRule.ElapsedShare(target, due, Office, new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero)).ShouldBe(0.5, "Sunday noon: no working time passed since Friday 17:00");
        seventyFive.IsDue(target, due, Office, new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero)).ShouldBeFalse();
        seventyFive.IsDue(target, due, Office, new DateTimeOffset(2026, 12, 7, 10, 59, 0, TimeSpan.Zero)).ShouldBeFalse();
        seventyFive.IsDue(target, due, Office, new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero)).ShouldBeTrue();
    }

    [Fact]
    public void A_breach_rule_is_due_from_the_due_time_and_an_hours_after_rule_that_many_hours_later()
    {
        var due = Friday;
        var target = TimeSpan.FromHours(4);

        Rule(EscalationTrigger.AtBreach).IsDue(target, due, Office, due.AddSeconds(-1)).ShouldBeFalse();
        Rule(EscalationTrigger.AtBreach).IsDue(target, due, Office, due).ShouldBeTrue();
        Rule(EscalationTrigger.HoursAfterBreach, hours: 2).IsDue(target, due, Office, due.AddHours(2).AddSeconds(-1)).ShouldBeFalse();
        Rule(EscalationTrigger.HoursAfterBreach, hours: 2).IsDue(target, due, Office, due.AddHours(2)).ShouldBeTrue();
    }

    [Fact]
    public void A_first_response_rule_has_nothing_to_watch_once_the_ticket_was_answered()
    {
        var rule = new EscalationRule { Target = EscalationTarget.FirstResponse };

        rule.DueOf(Friday, null, Friday.AddDays(1)).ShouldBe(Friday);
        rule.DueOf(Friday, Friday.AddMinutes(-5), Friday.AddDays(1)).ShouldBeNull();
        new EscalationRule { Target = EscalationTarget.Resolution }.DueOf(Friday, Friday.AddMinutes(-5), Friday.AddDays(1)).ShouldBe(Friday.AddDays(1));
    }

    [Fact]
    public void Rules_read_as_words()
    {
        EscalationText.Describe(new EscalationRule
        {
            Target = EscalationTarget.Resolution, Trigger = EscalationTrigger.ElapsedPercent, Percent = 75, Action = EscalationAction.NotifyAssignee,
        }).ShouldBe("At 75 % of the resolution time: notify the assignee");
        EscalationText.Describe(new EscalationRule
        {
            Target = EscalationTarget.FirstResponse, Trigger = EscalationTrigger.HoursAfterBreach, HoursAfterBreach = 2,
            Action = EscalationAction.RaisePriority, Priority = Ticketing.Domain.Tickets.TicketPriority.Urgent,
        }).ShouldBe("2 h after the first response breach: raise the priority to Urgent");
        EscalationText.Outcome(EscalationOutcome.Failed, "the chat channel no longer exists").ShouldBe("failed: the chat channel no longer exists");
    }
}
