using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Ticketing.Application.Preferences.Queries.GetPreferences;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Outbox.GetPendingWrites;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Users;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>What every row of one rendering of the list shares: the columns, the clock, the search to mark.</summary>
public sealed record TicketListView(PreferencesView Preferences, DateTimeOffset Now, TimeSpan AtRiskWindow, string? Search, bool MarkOverdueRows)
{
    public bool Compact => Preferences.ListDensity == ListDensity.Compact;

    /// <summary>The triage assistant's category per ticket, shown in the category cell (the "Uncategorized" preset); null: none asked for.</summary>
    public IReadOnlyDictionary<Guid, Ticketing.Application.Triage.Queries.SuggestCategories.CategorySuggestion>? CategorySuggestions { get; init; }

    public bool Shows(string column) => Preferences.Shows(column);

    /// <summary>
    /// How a ticket stands, in words: "overdue 2 d", "due in 3 h". By its SLA policy when one covers it (the
    /// policy's state and resolution due time), else by Championship IT's due date and the at-risk window.
    /// </summary>
    public SlaText Sla(TicketListItem ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!ticket.Status.IsActive())
        {
            return SlaText.Nothing;
        }

        if (ticket.PolicySla is { } policy)
        {
            return ByPolicy(policy);
        }

        if (ticket.DueDate is not { } due)
        {
            return SlaText.Nothing;
        }

        var left = due - Now;
        if (left < TimeSpan.Zero)
        {
            return new SlaText(SlaTone.Overdue, $"overdue {Span(-left)}", due, false);
        }

        return new SlaText(left <= AtRiskWindow ? SlaTone.AtRisk : SlaTone.OnTrack, $"due in {Span(left)}", due, false);
    }

    private SlaText ByPolicy(PolicySla policy)
    {
        var tone = policy.State switch
        {
            SlaState.Breached => SlaTone.Overdue,
            SlaState.AtRisk => SlaTone.AtRisk,
            _ => SlaTone.OnTrack,
        };
        if (policy.ResolutionDueAt is not { } due)
        {
            return new SlaText(tone, tone == SlaTone.Overdue ? "first reply late · paused" : "paused", null, true);
        }

        var left = due - Now;
        if (left < TimeSpan.Zero)
        {
            return new SlaText(SlaTone.Overdue, $"overdue {Span(-left)}", due, true);
        }

        // Breached with the resolution still ahead: only the first response can have been missed.
        return new SlaText(tone, tone == SlaTone.Overdue ? $"first reply late · due in {Span(left)}" : $"due in {Span(left)}", due, true);
    }

    /// <summary>
    /// The title with every occurrence of each searched word marked (the search matches words, not the
    /// phrase). Encoded first, then marked: the title is text from Championship IT and never becomes markup.
    /// </summary>
    public IHtmlContent Title(string title)
    {
        var encoder = HtmlEncoder.Default;
        var words = Search is { Length: >= TicketFilter.MinSearchLength } search
            ? search.Split((char[])[' ', '\t', '<', '>'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : [];
        if (words.Count == 0)
        {
            return new HtmlString(encoder.Encode(title));
        }

        var html = new StringBuilder(title.Length + 32);
        var at = 0;
        while (at < title.Length)
        {
            var (hit, length) = words
                .Select(w => (Index: title.IndexOf(w, at, StringComparison.OrdinalIgnoreCase), w.Length))
                .Where(h => h.Index >= 0)
                .OrderBy(h => h.Index).ThenByDescending(h => h.Length)
                .FirstOrDefault((-1, 0));
            if (hit < 0)
            {
                break;
            }

            html.Append(encoder.Encode(title[at..hit])).Append("<mark>").Append(encoder.Encode(title.Substring(hit, length))).Append("</mark>");
            at = hit + length;
        }

        html.Append(encoder.Encode(title[at..]));
        return new HtmlString(html.ToString());
    }

    /// <summary>"5 min", "3 h", "2 d": hours up to two days, so "due in 30 h" is not rounded to a day.</summary>
    public static string Span(TimeSpan span) =>
        span < TimeSpan.FromHours(1) ? $"{Math.Max(1, (int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min"
        : span < TimeSpan.FromHours(48) ? $"{((int)span.TotalHours).ToString(CultureInfo.InvariantCulture)} h"
        : $"{((int)span.TotalDays).ToString(CultureInfo.InvariantCulture)} d";
}

public enum SlaTone
{
    None,
    OnTrack,
    AtRisk,
    Overdue,
}

/// <summary>
/// The SLA cell's words and tone (colour only repeats what the words say), the due time they speak of, and
/// whether an SLA policy set it (else Championship IT's due date did).
/// </summary>
public sealed record SlaText(SlaTone Tone, string? Text, DateTimeOffset? Due, bool ByPolicy)
{
    public static SlaText Nothing { get; } = new(SlaTone.None, null, null, false);

    /// <summary>Where the figure comes from, for the hover text and screen readers.</summary>
    public string Source => ByPolicy ? "by SLA policy" : "due at Championship IT";

    public string CssClass => Tone switch
    {
        SlaTone.Overdue => "sla-overdue",
        SlaTone.AtRisk => "sla-risk",
        _ => "sla-ok",
    };
}

/// <summary>A message shown on one row: the result of an inline change or of a bulk edit.</summary>
public sealed record RowNote(RowNoteKind Kind, string Text);

public enum RowNoteKind
{
    Done,
    Queued,
    Problem,
}

/// <summary>The rows of a page, with what waits in the outbox for them and any notes to show on them.</summary>
public sealed record TicketRows(
    IReadOnlyList<TicketListItem> Items,
    PendingWrites Pending,
    TicketListView View,
    IReadOnlyDictionary<Guid, RowNote>? Notes = null,
    IReadOnlyDictionary<Guid, Application.Sla.Prediction.TicketBreachRiskView>? LikelyToBreach = null)
{
    public RowNote? NoteFor(Guid id) => Notes is not null && Notes.TryGetValue(id, out var note) ? note : null;

    public Application.Sla.Prediction.TicketBreachRiskView? BreachRiskFor(Guid id) =>
        LikelyToBreach is not null && LikelyToBreach.TryGetValue(id, out var risk) ? risk : null;
}
