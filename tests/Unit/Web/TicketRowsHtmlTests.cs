using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Ticketing.Application.Preferences.Queries.GetPreferences;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Outbox.GetPendingWrites;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.UnitTests.Web;

/// <summary>
/// The list's rows and the header's badge are written by hand since decision 155; these pin the markup the Razor views
/// wrote (checked then by diffing whole pages of both builds), including the whitespace of their conditional parts.
/// </summary>
public sealed class TicketRowsHtmlTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    private static readonly Guid Id = new("0f9fad70-41d6-473b-9aea-72d83923737d");

    [Fact]
    public void An_overdue_unassigned_row_with_a_pending_change_and_a_note_reads_as_the_view_wrote_it()
    {
        var ticket = new TicketListItem(
            Id, "ext-1", "IT-000001", "VPN <down>", TicketStatus.Open, TicketPriority.High, null, "IT", "Zoë", null, null,
            Now.AddDays(-3), Now.AddHours(-1), null, Now.AddDays(-2));
        var pending = new PendingWrites([], new Dictionary<Guid, IReadOnlyList<PendingUpdate>>
        {
            [Id] = [new PendingUpdate(1, Id, "Status → Resolved", Now, null)],
        });
        var view = new TicketListView(PreferencesView.Defaults, Now, TimeSpan.FromHours(4), null, MarkOverdueRows: true);
        var rows = new TicketRows([ticket], pending, view, new Dictionary<Guid, RowNote> { [Id] = new(RowNoteKind.Problem, "Not saved: x") });

        var id = Id.ToString();
        Html(new TicketRowsHtml(rows, Time())).ShouldBe(
            $"    <tr data-id=\"{id}\" data-v=\"2026-12-06T07:00:00.0000000&#x2B;00:00\" data-ticket=\"IT-000001\" class=\"row-overdue\">\n"
            + $"        <td class=\"c-sel\"><input type=\"checkbox\" class=\"form-check-input\" name=\"Input.TicketIds\" value=\"{id}\" form=\"bulk-form\" aria-label=\"Select IT-000001\" data-select-row /></td>\n"
            + $"        <td class=\"c-num\"><a href=\"/Tickets/Details/{id}\">IT-000001</a></td>\n"
            + $"        <td class=\"c-title\"><a href=\"/Tickets/Details/{id}\" class=\"t-title\" title=\"VPN &lt;down&gt;\" tabindex=\"-1\">VPN &lt;down&gt;</a>"
            + "                <span class=\"row-pending\" data-pending-change><span class=\"badge text-bg-warning\">Pending</span> Status &#x2192; Resolved</span>\n"
            + "                <span class=\"row-note row-note-problem\" role=\"status\">Not saved: x</span>\n"
            + "</td>\n"
            + "            <td class=\"c-status\" data-value=\"open\"><span class=\"badge text-bg-primary\">Open</span></td>\n"
            + "            <td class=\"c-priority\" data-value=\"high\"><span class=\"badge text-bg-warning\">High</span></td>\n"
            + "            <td class=\"c-assignee\" data-value=\"\">Unassigned</td>\n"
            + "            <td class=\"c-category\"></td>\n"
            + "            <td class=\"c-due\">                    <time class=\"sla-overdue\" datetime=\"2026-12-04T08:00:00.0000000&#x2B;00:00\" title=\"Due 4 Dec 2026, 08:00 (UTC) (due at Championship IT)\">&#x26A0; overdue 2 d</time><span class=\"visually-hidden\"> (due at Championship IT)</span>\n"
            + "</td>\n"
            + "            <td class=\"c-updated\"><time datetime=\"2026-12-06T07:00:00.0000000+00:00\" title=\"6 Dec 2026, 07:00 (UTC)\">1 h ago</time></td>\n"
            + "    </tr>\n");
    }

    [Fact]
    public void A_resolved_row_says_it_is_no_longer_due_and_is_not_marked()
    {
        var ticket = new TicketListItem(
            Id, "ext-1", "IT-000002", "Printer", TicketStatus.Resolved, TicketPriority.Low, "Hardware", null, null, "agt_1", "Alex",
            Now.AddDays(-3), Now.AddHours(-1), Now.AddHours(-1), Now.AddDays(-2));
        var view = new TicketListView(PreferencesView.Defaults, Now, TimeSpan.FromHours(4), null, MarkOverdueRows: true);

        var html = Html(new TicketRowsHtml(new TicketRows([ticket], PendingWrites.None, view), Time()));

        html.ShouldStartWith($"    <tr data-id=\"{Id}\" data-v=\"2026-12-06T07:00:00.0000000&#x2B;00:00\" data-ticket=\"IT-000002\">\n");
        html.ShouldContain("tabindex=\"-1\">Printer</a></td>\n");
        html.ShouldContain("            <td class=\"c-assignee\" data-value=\"agt_1\">Alex</td>\n            <td class=\"c-category\">Hardware</td>\n");
        html.ShouldContain("            <td class=\"c-due\">                    <span class=\"text-body-secondary\" title=\"Resolved: no longer due\">—</span>\n</td>\n");
    }

    [Theory]
    [InlineData(0, "ms-1 d-none\" data-unread-count=\"0\"", "0 unread notifications")]
    [InlineData(1, "ms-1 \" data-unread-count=\"1\"", "1 unread notification")]
    [InlineData(250, "ms-1 \" data-unread-count=\"250\"", "250 unread notifications")]
    public void The_badge_reads_as_the_view_wrote_it(int unread, string countAttributes, string spoken) =>
        Html(HeaderFragments.NotificationBadge(unread)).ShouldBe(
            "<a class=\"btn btn-sm btn-outline-light position-relative\" href=\"/Notifications\" data-testid=\"notification-badge-link\">\n"
            + "    Notifications\n"
            + $"    <span class=\"badge rounded-pill text-bg-danger {countAttributes} data-testid=\"unread-count\">{unread}</span>\n"
            + $"    <span class=\"visually-hidden\" data-unread-text>{spoken}</span>\n"
            + "</a>\n");

    private static UserTime Time() =>
        new(new HttpContextAccessor { HttpContext = new DefaultHttpContext() }, new FakeTimeProvider(Now));

    private static string Html(IHtmlContent content)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        content.WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }
}
