using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Queries.GetSyncLogDetails;

namespace Ticketing.Web.Pages.Admin.SyncLogs;

/// <summary>One sync run: its counts, pages, retries, duration and the records that failed and why.</summary>
public sealed class DetailsModel(ISender sender) : PageModel
{
    public SyncLogDetailsView View { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        View = await sender.Send(new GetSyncLogDetailsQuery(id), cancellationToken);
}
