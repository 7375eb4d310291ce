using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Ticketing.Web.ViewComponents;

/// <summary>
/// The last successful sync, the "Sync now" button and its live progress: a panel, or (compact) a
/// small indicator in a page's header whose menu holds the button.
/// </summary>
public sealed class SyncPanelViewComponent(ISender sender) : ViewComponent
{
    /// <param name="compact">The header's indicator instead of the panel.</param>
    public async Task<IViewComponentResult> InvokeAsync(bool compact = false) =>
        View(compact ? "Compact" : "Default", await SyncStatusOfRequest.GetAsync(HttpContext, sender));
}
