using Shouldly;
using Ticketing.Application.Tickets;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.UnitTests.Web;

public sealed class FilterMenusTests
{
    private static readonly TicketLookups Lookups = new(["Network", "R&D <lab>"], ["Finance"], [new AssigneeOption("agt_1", "Alex Morgan")]);

    [Fact]
    public void With_nothing_checked_the_menus_are_built_once_per_lookups_answer()
    {
        var first = FilterMenus.Render(Lookups, TicketFilter.None);
        var again = FilterMenus.Render(Lookups, TicketFilter.None with { Search = "vpn" });
        var otherAnswer = FilterMenus.Render(Lookups with { Departments = ["Finance", "Legal"] }, TicketFilter.None);

        again.ShouldBeSameAs(first);
        otherAnswer.ShouldNotBeSameAs(first);
        otherAnswer.ToString()!.ShouldContain("value=\"Legal\"");
    }

    [Fact]
    public void The_menus_hold_every_choice_encoded_and_check_what_the_address_checks()
    {
        var html = FilterMenus.Render(Lookups, TicketFilter.None with { Categories = ["Network"], Assignee = AssigneeFilter.OnlyMe }).ToString()!;

        html.ShouldContain("<summary class=\"btn btn-sm btn-outline-secondary\">Category (1)</summary>");
        html.ShouldContain("name=\"category\" value=\"Network\" checked=\"checked\" /> Network</label>");
        html.ShouldContain("name=\"category\" value=\"R&amp;D &lt;lab&gt;\" /> R&amp;D &lt;lab&gt;</label>");
        html.ShouldContain("name=\"category\" value=\"" + TicketFilter.NoCategory + "\" /> No category</label>");
        html.ShouldContain("<summary class=\"btn btn-sm btn-outline-secondary\">Department</summary>");
        html.ShouldContain("name=\"assignee\" value=\"me\" checked=\"checked\" /> Me</label>");
        html.ShouldContain("<fieldset class=\"dd-menu dd-scroll\" data-assignee-choices>");
        html.ShouldContain("name=\"assignee\" value=\"agt_1\" data-agent /> Alex Morgan</label>");
    }
}
