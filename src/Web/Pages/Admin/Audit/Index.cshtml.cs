using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Queries.ExportAuditLog;
using Ticketing.Application.Admin.Queries.GetAuditLog;
using Ticketing.Application.Admin.Queries.VerifyAuditChain;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Audit;

/// <summary>
/// The audit log: who did what, when and from where, filtered by actor, action, ticket and days; a check
/// of its hash chain and a CSV export of what the filter shows.
/// </summary>
public sealed class IndexModel(ISender sender, UserTime time, TimeProvider clock) : PageModel
{
    public GetAuditLogQuery Filter { get; private set; } = new(null, null, null, null);

    public AuditLogView View { get; private set; } = null!;

    /// <summary>The outcome of "Check the chain", when it was just run.</summary>
    public AuditChainReport? Report { get; private set; }

    public async Task OnGetAsync(
        [FromQuery] GetAuditLogQuery query,
        [FromQuery(Name = Pager.Parameter)] int page,
        CancellationToken cancellationToken) =>
        await LoadAsync(query, page, cancellationToken);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Report = await sender.Send(new VerifyAuditChainQuery(), cancellationToken);
        await LoadAsync(new GetAuditLogQuery(null, null, null, null), 1, cancellationToken);
        return Page();
    }

    /// <summary>The entries the filter matches (every page), oldest first, as a CSV download.</summary>
    public async Task<IActionResult> OnGetExportAsync([FromQuery] GetAuditLogQuery query, CancellationToken cancellationToken)
    {
        var export = await sender.Send(new ExportAuditLogQuery(query with { TimeZoneId = time.Zone.Id }), cancellationToken);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
        await AuditCsv.WriteAsync(Response.Body, export.Entries, cancellationToken);
        return new EmptyResult();
    }

    private async Task LoadAsync(GetAuditLogQuery query, int page, CancellationToken cancellationToken)
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
        Url.Page("Index", new { Filter.Actor, Filter.Action, Filter.Ticket, From = Day(Filter.From), To = Day(Filter.To), p = page });

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
