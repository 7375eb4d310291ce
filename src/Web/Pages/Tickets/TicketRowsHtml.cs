using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Ticketing.Application.Preferences;
using Ticketing.Application.Tickets;
using Ticketing.Application.Sla.Prediction;
using Ticketing.Application.Triage.Queries.SuggestCategories;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The list's rows, written straight to the page when it is written out (<c>_TicketTable</c>, and <c>_TicketRows</c>
/// for an inline change): the markup the rows' Razor view wrote, byte for byte, without a partial view per page
/// and a buffer entry per value. The ids and times are formatted into stack buffers, not strings (decision 155).
/// </summary>
/// <remarks>
/// The rows are lean on purpose (the page's weight is mostly here): a row carries its id and version (for live updates
/// and inline changes), the editable cells their wire value; labels, choices and editors live once on the page, not
/// per row. The whitespace is the view's (its indentation, the lines its conditional parts began on): tickets.js
/// merges rows by their attributes, and a page diffed against the view's must not differ.
/// </remarks>
public sealed class TicketRowsHtml(TicketRows rows, UserTime time) : IHtmlContent
{
    private const int GuidChars = 36;

    // "2026-12-07T08:51:50.5040000+00:00"
    private const int IsoChars = 33;

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // The encoder every text of the page goes through (decision 147): the markup stays byte for byte.
        var html = HtmlEncoder.Default;
        var view = rows.View;
        Span<char> id = stackalloc char[GuidChars];
        foreach (var t in rows.Items)
        {
            var sla = view.Sla(t);
            var note = rows.NoteFor(t.Id);
            var mark = view.MarkOverdueRows && sla.Tone == SlaTone.Overdue;
            if (!t.Id.TryFormat(id, out var idLength))
            {
                throw new InvalidOperationException("A ticket id does not fit its buffer.");
            }

            var ticketId = id[..idLength];
            writer.Write("    <tr data-id=\"");
            writer.Write(ticketId);
            writer.Write("\" data-v=\"");
            WriteIso(writer, html, t.UpdatedAt);
            writer.Write("\" data-ticket=\"");
            html.Encode(writer, t.TicketNumber);
            writer.Write(mark ? "\" class=\"row-overdue\">\n" : "\">\n");

            writer.Write("        <td class=\"c-sel\"><input type=\"checkbox\" class=\"form-check-input\" name=\"Input.TicketIds\" value=\"");
            writer.Write(ticketId);
            writer.Write("\" form=\"bulk-form\" aria-label=\"Select ");
            html.Encode(writer, t.TicketNumber);
            writer.Write("\" data-select-row /></td>\n        <td class=\"c-num\"><a href=\"/Tickets/Details/");
            writer.Write(ticketId);
            writer.Write("\">");
            html.Encode(writer, t.TicketNumber);
            writer.Write("</a></td>\n        <td class=\"c-title\"><a href=\"/Tickets/Details/");
            writer.Write(ticketId);
            writer.Write("\" class=\"t-title\" title=\"");
            html.Encode(writer, t.Title);
            writer.Write("\" tabindex=\"-1\">");
            view.Title(t.Title).WriteTo(writer, encoder);
            writer.Write("</a>");
            if (rows.BreachRiskFor(t.Id) is { } risk)
            {
                writer.Write("                ");
                WriteLikelyToBreach(writer, html, risk);
                writer.Write('\n');
            }

            foreach (var pending in rows.Pending.For(t.Id))
            {
                writer.Write("                <span class=\"row-pending\" data-pending-change><span class=\"badge text-bg-warning\">Pending</span> ");
                html.Encode(writer, pending.Summary);
                writer.Write("</span>\n");
            }

            if (note is not null)
            {
                writer.Write("                <span class=\"row-note row-note-");
                html.Encode(writer, note.Kind.ToString().ToLowerInvariant());
                writer.Write("\" role=\"status\">");
                html.Encode(writer, note.Text);
                writer.Write("</span>\n");
            }

            writer.Write("</td>\n");
            if (view.Shows(ListColumns.Status))
            {
                WriteBadgeCell(writer, html, "c-status", TicketListParameters.Wire(t.Status), TicketDisplay.BadgeClass(t.Status), TicketDisplay.Label(t.Status));
            }

            if (view.Shows(ListColumns.Priority))
            {
                WriteBadgeCell(writer, html, "c-priority", TicketListParameters.Wire(t.Priority), TicketDisplay.BadgeClass(t.Priority), TicketDisplay.Label(t.Priority));
            }

            if (view.Shows(ListColumns.Assignee))
            {
                // Empty without an assignee: Razor writes a data- attribute even when its value is null.
                writer.Write("            <td class=\"c-assignee\" data-value=\"");
                Encode(writer, html, t.AssigneeId);
                writer.Write("\">");
                html.Encode(writer, t.AssigneeName ?? t.AssigneeId ?? "Unassigned");
                writer.Write("</td>\n");
            }

            if (view.Shows(ListColumns.Category))
            {
                writer.Write("            <td class=\"c-category\">");
                if (view.CategorySuggestions?.GetValueOrDefault(t.Id) is { } suggestion)
                {
                    writer.Write("                    ");
                    WriteCategorySuggestion(writer, html, suggestion);
                    writer.Write('\n');
                }
                else
                {
                    Encode(writer, html, t.Category);
                }

                writer.Write("</td>\n");
            }

            if (view.Shows(ListColumns.Department))
            {
                writer.Write("            <td class=\"c-department\">");
                Encode(writer, html, t.Department);
                writer.Write("</td>\n");
            }

            if (view.Shows(ListColumns.Requester))
            {
                writer.Write("            <td class=\"c-requester\">");
                Encode(writer, html, t.RequesterName);
                writer.Write("</td>\n");
            }

            if (view.Shows(ListColumns.Due))
            {
                writer.Write("            <td class=\"c-due\">");
                WriteDue(writer, html, t, sla);
                writer.Write("</td>\n");
            }

            if (view.Shows(ListColumns.Created))
            {
                writer.Write("            <td class=\"c-created\">");
                time.Tag(t.CreatedAt).WriteTo(writer, encoder);
                writer.Write("</td>\n");
            }

            if (view.Shows(ListColumns.Updated))
            {
                writer.Write("            <td class=\"c-updated\">");
                time.Tag(t.UpdatedAt).WriteTo(writer, encoder);
                writer.Write("</td>\n");
            }

            writer.Write("    </tr>\n");
        }
    }

    private void WriteDue(TextWriter writer, HtmlEncoder html, TicketListItem t, SlaText sla)
    {
        var warning = sla.Tone == SlaTone.Overdue ? "⚠ " : "";
        if (sla.Text is { } text && sla.Due is { } due)
        {
            writer.Write("                    <time class=\"");
            html.Encode(writer, sla.CssClass);
            writer.Write("\" datetime=\"");
            WriteIso(writer, html, due);
            writer.Write("\" title=\"Due ");
            html.Encode(writer, time.Exact(due));
            writer.Write(" (");
            html.Encode(writer, sla.Source);
            writer.Write(")\">");
            html.Encode(writer, warning);
            html.Encode(writer, text);
            writer.Write("</time><span class=\"visually-hidden\"> (");
            html.Encode(writer, sla.Source);
            writer.Write(")</span>\n");
        }
        else if (sla.Text is { } waiting)
        {
            writer.Write("                    <span class=\"");
            html.Encode(writer, sla.CssClass);
            writer.Write("\" title=\"The SLA policy's clock stands still while the ticket waits\">");
            html.Encode(writer, warning);
            html.Encode(writer, waiting);
            writer.Write("<span class=\"visually-hidden\"> (");
            html.Encode(writer, sla.Source);
            writer.Write(")</span></span>\n");
        }
        else
        {
            writer.Write("                    <span class=\"text-body-secondary\" title=\"");
            writer.Write(t.Status.IsActive() ? "No due date" : "Resolved: no longer due");
            writer.Write("\">—</span>\n");
        }
    }

    /// <summary>The row's "likely to breach" flag: the words say it (not the colour alone); the reason is read out and shown on hover.</summary>
    private static void WriteLikelyToBreach(TextWriter writer, HtmlEncoder html, TicketBreachRiskView risk)
    {
        writer.Write("<span class=\"badge text-bg-danger ms-1 likely-breach\" title=\"");
        html.Encode(writer, risk.Reason);
        writer.Write("\" data-testid=\"likely-to-breach\">⚠ Likely to breach <span class=\"visually-hidden\">(");
        html.Encode(writer, risk.Probability.ToString("P0", CultureInfo.CurrentCulture));
        writer.Write(": ");
        html.Encode(writer, risk.Reason);
        writer.Write(")</span></span>\n");
    }

    /// <summary>
    /// The cell of a ticket without a category: the assistant's suggestion, said to be one in words, with its
    /// confidence and strongest words.
    /// </summary>
    private static void WriteCategorySuggestion(TextWriter writer, HtmlEncoder html, CategorySuggestion suggestion)
    {
        writer.Write("<span class=\"triage-cell\" data-suggested-category=\"");
        html.Encode(writer, suggestion.Top.Value);
        writer.Write("\"><span class=\"small text-body-secondary\">Suggested:</span> <span class=\"fw-semibold text-nowrap\">");
        html.Encode(writer, suggestion.Top.Value);
        writer.Write(" — ");
        html.Encode(writer, TriageDisplay.Percent(suggestion.Top.Confidence));
        writer.Write("</span>");
        if (suggestion.Top.Words.Count > 0)
        {
            writer.Write("        <span class=\"d-block small text-body-secondary\">");
            html.Encode(writer, string.Join(", ", suggestion.Top.Words.Select(w => "“" + w + "”")));
            writer.Write("</span>\n");
        }

        writer.Write("</span>\n");
    }

    /// <summary>An editable badge cell (status, priority): its wire value for inline changes, its label as a badge.</summary>
    private static void WriteBadgeCell(TextWriter writer, HtmlEncoder html, string cellClass, string wire, string badgeClass, string label)
    {
        writer.Write("            <td class=\"");
        writer.Write(cellClass);
        writer.Write("\" data-value=\"");
        html.Encode(writer, wire);
        writer.Write("\"><span class=\"badge ");
        html.Encode(writer, badgeClass);
        writer.Write("\">");
        html.Encode(writer, label);
        writer.Write("</span></td>\n");
    }

    private static void Encode(TextWriter writer, HtmlEncoder html, string? text)
    {
        if (text is not null)
        {
            html.Encode(writer, text);
        }
    }

    /// <summary>The time in UTC as ISO 8601, encoded as an attribute's value is ("+" becomes <c>&amp;#x2B;</c>).</summary>
    private static void WriteIso(TextWriter writer, HtmlEncoder html, DateTimeOffset value)
    {
        Span<char> iso = stackalloc char[IsoChars];
        if (!value.ToUniversalTime().TryFormat(iso, out var length, "O", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("An ISO time does not fit its buffer.");
        }

        // An encoded character takes at most 10 (&#x10FFFF;); this many always fits.
        Span<char> encoded = stackalloc char[IsoChars * 10];
        if (html.Encode(iso[..length], encoded, out _, out var written) != OperationStatus.Done)
        {
            throw new InvalidOperationException("Encoding an ISO time stopped.");
        }

        writer.Write(encoded[..written]);
    }
}
