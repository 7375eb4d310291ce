using Shouldly;
using Ticketing.Application.Tickets;

namespace Ticketing.UnitTests.Application.Tickets;

/// <summary>The list address's page number: what is kept, and what a reader is told when it is not.</summary>
public sealed class TicketListAddressPageTests
{
    [Theory]
    [InlineData("page=82", 82, null)]
    [InlineData("page=82&size=100", 82, null)]
    [InlineData("page=0", 1, "Ignored page 0: pages start at 1.")]
    [InlineData("page=-3", 1, "Ignored page -3: pages start at 1.")]
    [InlineData("page=99999999", 1, "Ignored page 99999999: no list has that many pages.")]
    [InlineData("page=2147483647&size=100", 1, "Ignored page 2147483647: no list has that many pages.")]
    public void A_page_number_is_kept_when_a_list_can_have_it_and_otherwise_named_with_the_reason(string query, int page, string? note)
    {
        var address = TicketListAddress.Parse(query);

        address.Page.Page.ShouldBe(page);
        if (note is null)
        {
            address.Notes.ShouldBeEmpty();
        }
        else
        {
            address.Notes.ShouldBe([note]);
        }

        address.Page.Offset.ShouldBeGreaterThanOrEqualTo(0);
    }
}
