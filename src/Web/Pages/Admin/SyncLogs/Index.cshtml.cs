using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Queries.GetSyncLogs;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.SyncLogs;

/// <summary>The sync log with its filters and the 30-day chart.</summary>
public sealed class IndexModel(ISender sender, UserTime time) : PageModel
{
    public GetSyncLogsQuery Filter { get; private set; } = new(null, null, null, null);

    public SyncLogsView View { get; private set; } = null!;

    public async Task OnGetAsync(
        [FromQuery] GetSyncLogsQuery query,
        [FromQuery(Name = Pager.Parameter)] int page,
        CancellationToken cancellationToken)
    {
        Filter = query with { Page = Math.Max(1, page), TimeZoneId = time.Zone.Id };
        View = await sender.Send(Filter, cancellationToken);
    }

    public Pager Pager => new(
        View.Runs.Page,
        View.Runs.TotalPages,
        View.Runs.Total,
        View.Runs.HasPrevious ? PageUrl(View.Runs.Page - 1) : null,
        View.Runs.HasNext ? PageUrl(View.Runs.Page + 1) : null);

    private string? PageUrl(int page) =>
        Url.Page("Index", new { Filter.Type, Filter.Status, From = Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p = page });
}
