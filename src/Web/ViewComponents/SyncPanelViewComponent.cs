using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Ticketing.Web.ViewComponents;

/// <summary>The last successful sync, the "Sync now" button and its live progress.</summary>
public sealed class SyncPanelViewComponent(ISender sender) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View(await SyncStatusOfRequest.GetAsync(HttpContext, sender));
}
