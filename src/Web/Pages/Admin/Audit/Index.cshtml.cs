using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Queries.GetAuditLog;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Audit;

/// <summary>The audit log: who changed what and when, filtered by actor, action and days.</summary>
public sealed class IndexModel(ISender sender, UserTime time) : PageModel
{
    public GetAuditLogQuery Filter { get; private set; } = new(null, null, null, null);

    public AuditLogView View { get; private set; } = null!;

    public async Task OnGetAsync(
        [FromQuery] GetAuditLogQuery query,
        [FromQuery(Name = Pager.Parameter)] int page,
        CancellationToken cancellationToken)
    {
        Filter = query with { Page = Math.Max(1, page), TimeZoneId = time.Zone.Id };
        View = await sender.Send(Filter, cancellationToken);
    }

    public Pager Pager => new(
        View.Entries.Page,
        View.Entries.TotalPages,
        View.Entries.Total,
        View.Entries.HasPrevious ? PageUrl(View.Entries.Page - 1) : null,
        View.Entries.HasNext ? PageUrl(View.Entries.Page + 1) : null);

    private string? PageUrl(int page) =>
        Url.Page("Index", new { Filter.Actor, Filter.Action, From = Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p = page });
}
