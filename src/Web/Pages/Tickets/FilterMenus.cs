using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Ticketing.Application.Tickets;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The list's checkbox filter menus, written in one place. Those whose choices come from the mirror (category,
/// department and assignee) are the costly ones: their HTML
/// depends only on the lookups and on which of their choices the address checks. With none checked (almost every
/// view) it is built once per lookups answer and kept with that answer: the cached lookups query hands every
/// page the same instance until the mirror changes, so a new answer is a new fragment and the old one goes
/// with the old answer.
/// </summary>
public static class FilterMenus
{
    private static readonly ConditionalWeakTable<TicketLookups, HtmlString> Unchecked = new();

    public static IHtmlContent Render(TicketLookups lookups, TicketFilter filter)
    {
        ArgumentNullException.ThrowIfNull(lookups);
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Categories.Count == 0 && filter.Departments.Count == 0 && filter.Assignee.IsAny
            ? Unchecked.GetValue(lookups, static l => new HtmlString(Build(l, TicketFilter.None)))
            : new HtmlString(Build(lookups, filter));
    }

    /// <summary>
    /// One checkbox menu of the filter row (status, priority): the same markup as the menus above, from one place.
    /// </summary>
    public static IHtmlContent Checklist(string name, string label, IEnumerable<(string Value, string Label, bool On)> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var html = new StringBuilder(512);
        var items = choices.ToList();
        Open(html, name, label, items.Count(c => c.On), scroll: false);
        foreach (var (value, text, on) in items)
        {
            Check(html, name, value, text, on);
        }

        Close(html);
        return new HtmlString(html.ToString());
    }

    private static string Build(TicketLookups lookups, TicketFilter f)
    {
        var html = new StringBuilder(256 + (64 * (lookups.Categories.Count + lookups.Departments.Count + lookups.Assignees.Count)));
        Open(html, "category", "Category", f.Categories.Count, scroll: true);
        Check(html, "category", TicketFilter.NoCategory, "No category", f.Categories.Contains(TicketFilter.NoCategory));
        foreach (var c in lookups.Categories)
        {
            Check(html, "category", c, c, f.Categories.Contains(c));
        }

        Close(html);
        Open(html, "department", "Department", f.Departments.Count, scroll: true);
        foreach (var d in lookups.Departments)
        {
            Check(html, "department", d, d, f.Departments.Contains(d));
        }

        Close(html);

        // The one list of assignees on the page: the bulk bar and the inline editor take their choices from here.
        var a = f.Assignee;
        Open(html, "assignee", "Assignee", a.Ids.Count + (a.Me ? 1 : 0) + (a.Unassigned ? 1 : 0), scroll: true, extra: " data-assignee-choices");
        Check(html, "assignee", TicketListAddress.AssignedToMe, "Me", a.Me);
        Check(html, "assignee", TicketListAddress.Unassigned, "Unassigned", a.Unassigned);
        foreach (var option in lookups.Assignees)
        {
            Check(html, "assignee", option.AssigneeId, option.Name, a.Ids.Contains(option.AssigneeId), " data-agent");
        }

        Close(html);
        return html.ToString();
    }

    private static void Open(StringBuilder html, string name, string label, int selected, bool scroll, string extra = "")
    {
        html.Append("<details class=\"dd\" data-filter=\"").Append(name).Append("\"><summary class=\"btn btn-sm btn-outline-secondary\">")
            .Append(label);
        if (selected > 0)
        {
            html.Append(" (").Append(selected).Append(')');
        }

        html.Append("</summary><fieldset class=\"dd-menu").Append(scroll ? " dd-scroll" : "").Append('"').Append(extra)
            .Append("><legend class=\"dd-heading\">").Append(label).Append("</legend>");
    }

    private static void Check(StringBuilder html, string name, string value, string label, bool on, string extra = "")
    {
        var encoder = HtmlEncoder.Default;
        html.Append("<label class=\"dd-check\"><input type=\"checkbox\" class=\"form-check-input\" name=\"").Append(name)
            .Append("\" value=\"").Append(encoder.Encode(value)).Append('"').Append(on ? " checked=\"checked\"" : "").Append(extra)
            .Append(" /> ").Append(encoder.Encode(label)).Append("</label>");
    }

    private static void Close(StringBuilder html) =>
        html.Append("<button type=\"submit\" class=\"btn btn-sm btn-primary mt-2\">Apply</button></fieldset></details>");
}
