using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.GetListCounts;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Application.Views;
using Ticketing.Application.Views.Commands.DeleteSharedView;
using Ticketing.Application.Views.Commands.DeleteView;
using Ticketing.Application.Views.Commands.ShareView;
using Ticketing.Application.Views.Queries.GetSavedViews;
using Ticketing.Web.Pages.Shared;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.Web.Pages.Views;

/// <summary>
/// The signed-in user's saved views and the shared ones, to open, rename or delete; admins also
/// share their views and manage the shared ones.
/// </summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public SavedViewList Views { get; private set; } = SavedViewList.Empty;

    public TicketLookups Lookups { get; private set; } = new([], [], []);

    /// <summary>The views' live counts: the same cached statement as the list's presets (decision 050).</summary>
    public ListCounts? Counts { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Views = await sender.Send(new GetSavedViewsQuery(Fresh: true), cancellationToken);
        Lookups = await sender.Send(new GetTicketLookupsQuery(), cancellationToken);
        Counts = await sender.Send(new GetListCountsQuery(), cancellationToken);
    }

    /// <summary>A view's filters and sort in words, not its query string.</summary>
    public string Describe(SavedViewSummary view) => TicketListParameters.FromQueryString(view.QueryString).Describe(Lookups);

    /// <summary>How many tickets the view shows now; null when the count is not known.</summary>
    public int? Count(SavedViewSummary view) => Counts?.Views.GetValueOrDefault(view.Id);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteViewCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "View deleted.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteSharedAsync(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteSharedViewCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = "Shared view deleted.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostShareAsync(Guid id, bool shared, CancellationToken cancellationToken)
    {
        await sender.Send(new ShareViewCommand(id, shared), cancellationToken);
        TempData[StatusMessage.Key] = shared ? "View shared with everyone." : "View is personal again (its owner's).";
        return RedirectToPage();
    }
}
