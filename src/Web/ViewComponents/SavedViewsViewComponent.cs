using Mediator;
using Microsoft.AspNetCore.Mvc;
using Ticketing.Application.Views;
using Ticketing.Application.Views.Queries.GetSavedViews;

namespace Ticketing.Web.ViewComponents;

/// <summary>The signed-in user's saved views beside the ticket list, and "Save this view" for the list as it is.</summary>
public sealed class SavedViewsViewComponent(ISender sender) : ViewComponent
{
    /// <summary>The panel for the list showing <paramref name="query"/> (its query string, without the page).</summary>
    /// <param name="query">The list's current query string.</param>
    public async Task<IViewComponentResult> InvokeAsync(string query) =>
        View(new SavedViewsPanel(
            (await sender.Send(new GetSavedViewsQuery(), HttpContext.RequestAborted)).Items,
            SavedViewQuery.Normalize(query)));
}

/// <summary>The views, and the list's current query string (normalised the way views store it).</summary>
public sealed record SavedViewsPanel(IReadOnlyList<SavedViewSummary> Views, string CurrentQuery);
