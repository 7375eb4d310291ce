using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Preferences.Commands.SaveListPreferences;
using Ticketing.Application.Preferences.Queries.GetPreferences;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Outbox.GetOutboxHasPending;
using Ticketing.Application.Tickets.Outbox.GetPendingWrites;
using Ticketing.Application.Tickets.Queries.GetListCounts;
using Ticketing.Application.Tickets.Queries.GetTicketDetails;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Application.Tickets.Queries.GetTickets;
using Ticketing.Application.Triage.Queries.SuggestCategories;
using Ticketing.Application.Views.Queries.GetSavedViews;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The IT Support list: everything it shows is in the query string. Besides the page itself it
/// answers the list's scripts: the table alone (paging and live updates, <c>?handler=Rows</c>), the
/// presets' and views' counts (<c>?handler=Counts</c>), an inline change of one row, and the user's
/// display preferences.
/// </summary>
public sealed class IndexModel(ISender sender, UserTime time, IOptions<SlaOptions> sla) : PageModel
{
    public TicketListParameters View { get; private set; } = TicketListParameters.Default;

    public TicketPage Result { get; private set; } = new([], 1, PageRequest.Default.Size, 0, false);

    public TicketLookups Lookups { get; private set; } = new([], [], []);

    public TicketKpis Kpis { get; private set; } = TicketKpis.Empty;

    /// <summary>Tickets being filed and changes waiting for Championship IT (the outbox).</summary>
    public PendingWrites Pending { get; private set; } = PendingWrites.None;

    public PreferencesView Preferences { get; private set; } = PreferencesView.Defaults;

    public SavedViewList Views { get; private set; } = SavedViewList.Empty;

    /// <summary>The triage assistant's suggested categories for this page, when the list shows tickets without a category; null otherwise.</summary>
    public IReadOnlyDictionary<Guid, CategorySuggestion>? CategorySuggestions { get; private set; }

    public TicketListView ListView => new(Preferences, time.Now, sla.Value.AtRiskWindow, Result.Items.Count > 0 ? View.Filter.Search?.Trim() : null, View.Filter.Sla != SlaFilter.Overdue)
    {
        CategorySuggestions = CategorySuggestions,
    };

    /// <summary>The page's tickets flagged likely to breach their SLA (read with the page's rows).</summary>
    public IReadOnlyDictionary<Guid, Application.Sla.Prediction.TicketBreachRiskView> LikelyToBreach { get; private set; } =
        new Dictionary<Guid, Application.Sla.Prediction.TicketBreachRiskView>();

    public TicketRows Rows => new(Result.Items, Pending, ListView, LikelyToBreach: LikelyToBreach);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        View = TicketListParameters.Parse(Request.Query);
        if (TicketListParameters.IsUnclean(Request.Query, View))
        {
            // A filter form sent without scripts names every field, empty or not: the list's own address is the clean one.
            return LocalRedirect(View.Url);
        }

        await LoadTableAsync(cancellationToken);
        if (Result.Items.Any(t => t.IsPhi))
        {
            // Each read of a PHI ticket is audited (GetTicketsQuery): such a page is never served without that read.
            ListPageCache.DoNotKeep(HttpContext);
        }

        Lookups = await sender.Send(new GetTicketLookupsQuery(), cancellationToken);
        Kpis = await sender.Send(new GetTicketKpisQuery(), cancellationToken);
        Views = await sender.Send(new GetSavedViewsQuery(), cancellationToken);
        return Page();
    }

    /// <summary>The table, its count and its pager for the current address: what paging and live updates swap in.</summary>
    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken)
    {
        View = TicketListParameters.Parse(Request.Query);
        await LoadTableAsync(cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Partial("_TicketTable", this);
    }

    /// <summary>The presets' and the user's views' live counts, and the figures of the strip.</summary>
    public async Task<IActionResult> OnGetCountsAsync(CancellationToken cancellationToken)
    {
        var counts = await sender.Send(new GetListCountsQuery(), cancellationToken);
        var kpis = await sender.Send(new GetTicketKpisQuery(), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new
        {
            presets = counts.Presets,
            views = counts.Views.ToDictionary(p => p.Key.ToString(), p => p.Value),
            figures = KpiStrip.Figures(kpis).ToDictionary(f => f.Key, f => f.Value),
        });
    }

    /// <summary>
    /// Changes one field of one row (status, priority or assignee) through the same use case as the
    /// ticket's edit form, against the version the row showed: a change made meanwhile is a conflict,
    /// not overwritten. Answers with the row as it is now, carrying the outcome as a note.
    /// </summary>
    public async Task<IActionResult> OnPostInlineAsync(Guid id, DateTimeOffset version, string? field, string? value, CancellationToken cancellationToken)
    {
        var current = (await sender.Send(new GetTicketDetailsQuery(id), cancellationToken)).Ticket;
        var command = UpdateTicketCommand.For(current) with { ExpectedUpdatedAt = version };
        switch (field)
        {
            case "status" when WireName<TicketStatus>.TryParse(value, out var status):
                command = command with { Status = status };
                break;
            case "priority" when WireName<TicketPriority>.TryParse(value, out var priority):
                command = command with { Priority = priority };
                break;
            case "assignee":
                command = command with { AssigneeId = value is null or TicketListAddress.Unassigned ? null : value };
                break;
            default:
                return BadRequest();
        }

        RowNote note;
        var item = TicketListItem.Of(current);
        try
        {
            var result = await sender.Send(command, cancellationToken);
            item = TicketListItem.Of(result.Current) with { Id = id };
            var what = result.Fields.Count > 0 ? string.Join(", ", result.Fields.Select(f => f.Replace('_', ' '))) : field;
            note = result.Outcome switch
            {
                UpdateTicketOutcome.Saved => new RowNote(RowNoteKind.Done, $"Saved: {what} changed."),
                UpdateTicketOutcome.Queued => new RowNote(RowNoteKind.Queued, "Queued: it will be saved as soon as Championship IT answers."),
                UpdateTicketOutcome.Conflict => new RowNote(RowNoteKind.Problem, "Not saved: someone changed this ticket meanwhile. It now shows their version; try again if still needed."),
                _ => new RowNote(RowNoteKind.Done, "Nothing to change: Championship IT already has this."),
            };
        }
        catch (ValidationException ex)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            note = new RowNote(RowNoteKind.Problem, "Not saved: " + string.Join(" ", ex.Errors.Values.SelectMany(m => m)));
        }

        View = TicketListParameters.Parse(Request.Query);
        Preferences = await sender.Send(new GetPreferencesQuery(), cancellationToken);
        var pending = await sender.Send(new GetPendingWritesQuery([id], IncludeCreates: false), cancellationToken);
        return Partial("_TicketRows", new TicketRows([item], pending, ListView with { Search = View.Filter.Search }, new Dictionary<Guid, RowNote> { [id] = note }));
    }

    /// <summary>Density, columns or the folded figures; the scripts post here as the user changes them.</summary>
    public async Task<IActionResult> OnPostPreferencesAsync([FromForm(Name = "Input")] SaveListPreferencesCommand input, string? returnQuery, CancellationToken cancellationToken)
    {
        var saved = await sender.Send(input, cancellationToken);
        if (Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal))
        {
            return new JsonResult(saved);
        }

        return LocalRedirect(SafeReturnUrl.Or(returnQuery is ['?', _, ..] ? TicketListParameters.ListPath + returnQuery : null, TicketListParameters.ListPath));
    }

    private async Task LoadTableAsync(CancellationToken cancellationToken)
    {
        Result = await sender.Send(new GetTicketsQuery(View.Filter, View.Sort, View.Page), cancellationToken);
        Pending = (await sender.Send(new GetOutboxHasPendingQuery(), cancellationToken)).HasPending
            ? await sender.Send(new GetPendingWritesQuery([.. Result.Items.Select(t => t.Id)], IncludeCreates: true), cancellationToken)
            : PendingWrites.None;
        Preferences = await sender.Send(new GetPreferencesQuery(), cancellationToken);
        LikelyToBreach = Result.Items.Where(t => t.BreachRisk is not null).ToDictionary(t => t.Id, t => t.BreachRisk!);
        CategorySuggestions = View.Filter.Categories.Contains(TicketFilter.NoCategory)
            ? await sender.Send(new SuggestCategoriesQuery([.. Result.Items.Select(t => t.Id)]), cancellationToken)
            : null;
    }
}
