using Shouldly;
using Ticketing.Application.Preferences.Queries.GetPreferences;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.UnitTests.Web;

public sealed class TicketListViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    private static string Marked(string title, string? search) =>
        new TicketListView(PreferencesView.Defaults, Now, TimeSpan.FromHours(4), search, MarkOverdueRows: true).Title(title).ToString()!;

    [Theory]
    [InlineData("VPN drops at home", "vpn drops", "<mark>VPN</mark> <mark>drops</mark> at home")]
    [InlineData("Drops of VPN", "vpn drops", "<mark>Drops</mark> of <mark>VPN</mark>")]
    [InlineData("<b>VPN</b> & co", "vpn", "&lt;b&gt;<mark>VPN</mark>&lt;/b&gt; &amp; co")]
    [InlineData("Printer", "vp", "Printer")]
    [InlineData("Printer <script>", "<script>", "Printer &lt;<mark>script</mark>&gt;")]
    public void Each_searched_word_is_marked_in_the_encoded_title(string title, string search, string expected) =>
        Marked(title, search).ShouldBe(expected);

    [Theory]
    [InlineData(20, "20 min")]
    [InlineData(30 * 60, "30 h")]
    [InlineData(72 * 60, "3 d")]
    public void Spans_read_in_minutes_then_hours_up_to_two_days_then_days(int minutes, string expected) =>
        TicketListView.Span(TimeSpan.FromMinutes(minutes)).ShouldBe(expected);
}
