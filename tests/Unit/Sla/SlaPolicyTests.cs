using Shouldly;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Sla;

public sealed class SlaPolicyTests
{
    private static SlaPolicy Policy(string name, int position, TicketPriority[]? priorities = null, string? category = null,
        string? department = null, string? tag = null, bool isDefault = false) => new()
        {
            Id = Guid.NewGuid(), Name = name, Position = position, Priorities = priorities ?? [], Category = category,
            Department = department, Tag = tag, IsDefault = isDefault, FirstResponseMinutes = 60, ResolutionMinutes = 480,
        };

    [Fact]
    public void The_first_matching_policy_by_position_applies()
    {
        var policies = new[]
        {
            Policy("Default", 0, isDefault: true),
            Policy("Urgent network", 2, [TicketPriority.Urgent], category: "Network"),
            Policy("Urgent", 1, [TicketPriority.Urgent, TicketPriority.Critical]),
        };

        SlaPolicy.Select(policies, TicketPriority.Urgent, "Network", null, [])!.Name.ShouldBe("Urgent");
    }

    [Fact]
    public void The_default_applies_when_nothing_else_matches()
    {
        var policies = new[] { Policy("Critical", 1, [TicketPriority.Critical]), Policy("Default", 9, isDefault: true) };

        SlaPolicy.Select(policies, TicketPriority.Low, null, null, [])!.Name.ShouldBe("Default");
    }

    [Fact]
    public void No_policy_applies_without_a_match_or_a_default()
    {
        SlaPolicy.Select([Policy("Critical", 1, [TicketPriority.Critical])], TicketPriority.Low, null, null, []).ShouldBeNull();
    }

    [Fact]
    public void Category_department_and_tag_conditions_ignore_case_and_must_all_hold()
    {
        var policy = Policy("VIP hardware", 1, category: "Hardware", department: "Finance", tag: "vip");

        policy.Matches(TicketPriority.Low, "hardware", "FINANCE", ["VIP", "laptop"]).ShouldBeTrue();
        policy.Matches(TicketPriority.Low, "hardware", "FINANCE", ["laptop"]).ShouldBeFalse();
        policy.Matches(TicketPriority.Low, "Software", "Finance", ["vip"]).ShouldBeFalse();
        policy.Matches(TicketPriority.Low, "Hardware", null, ["vip"]).ShouldBeFalse();
    }

    [Fact]
    public void An_empty_priority_list_covers_every_priority()
    {
        var policy = Policy("Any", 1);

        Enum.GetValues<TicketPriority>().ShouldAllBe(p => policy.Matches(p, null, null, Array.Empty<string>()));
    }
}
