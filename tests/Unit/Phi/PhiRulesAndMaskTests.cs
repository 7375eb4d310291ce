using Shouldly;
using Ticketing.Application.Admin.Phi.Commands.AddPhiRule;
using Ticketing.Application.Phi;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Phi;

/// <summary>Which patterns a PHI rule may use, and what the mask leaves of a list row.</summary>
public sealed class PhiRulesAndMaskTests
{
    [Theory]
    [InlineData("diagnos(is|ed)")]
    [InlineData("MRN[: ]*[0-9]{6,}")]
    [InlineData("(date of birth|dob)[: ]*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}")]
    public void Linear_patterns_are_accepted(string pattern) =>
        AddPhiRuleValidator.BeLinearPattern(pattern).ShouldBeTrue();

    [Theory]
    [InlineData(@"(a+)\1")]
    [InlineData("(?=secret)")]
    [InlineData("(?>atomic)")]
    [InlineData("(unclosed")]
    public void Patterns_that_could_backtrack_or_do_not_compile_are_refused(string pattern) =>
        AddPhiRuleValidator.BeLinearPattern(pattern).ShouldBeFalse();

    [Fact]
    public void The_mask_keeps_number_status_priority_assignee_and_dates_and_drops_the_rest()
    {
        var created = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        var row = new TicketListItem(Guid.NewGuid(), "tkt_1", "IT-000001", "Ward 7 diagnosis", TicketStatus.Open, TicketPriority.High, "Clinical", "Oncology", "Dana Ruiz", "agt_1", "Sam Ito", created, created.AddHours(1), null, created.AddDays(1)) { IsPhi = true };

        var masked = PhiMask.Mask(row);

        masked.ShouldBe(row with { Title = PhiMask.Text, Category = null, Department = null, RequesterName = null, Masked = true });
        masked.Title.ShouldNotContain("diagnosis");
    }
}
