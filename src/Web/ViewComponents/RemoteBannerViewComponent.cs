using Mediator;
using Microsoft.AspNetCore.Mvc;
using Ticketing.Application.Sync.Queries.GetSyncStatus;

namespace Ticketing.Web.ViewComponents;

/// <summary>
/// "Championship IT is unreachable" above every signed-in page while the latest sync failed: every page
/// shows cached data then, not only the ones with the sync panel.
/// </summary>
public sealed class RemoteBannerViewComponent(ISender sender) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View(await SyncStatusOfRequest.GetAsync(HttpContext, sender));
}

/// <summary>The sync status, asked once per request by the banner and the sync panel together.</summary>
internal static class SyncStatusOfRequest
{
    private static readonly object Key = new();

    public static async Task<SyncStatusView> GetAsync(HttpContext context, ISender sender)
    {
        if (context.Items.TryGetValue(Key, out var cached) && cached is SyncStatusView status)
        {
            return status;
        }

        status = await sender.Send(new GetSyncStatusQuery(), context.RequestAborted);
        context.Items[Key] = status;
        return status;
    }
}
