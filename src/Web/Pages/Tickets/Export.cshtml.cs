using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Tickets.Queries.ExportTickets;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The current list (same filters and sort, every page) as a CSV download, streamed row by row;
/// <c>format=wire</c> writes the values as Championship IT sends them instead of the labels.
/// </summary>
[Infrastructure.NotQueued]
public sealed class ExportModel(ISender sender, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken cancellationToken)
    {
        var view = TicketListParameters.Parse(Request.Query);
        var values = string.Equals(format, "wire", StringComparison.OrdinalIgnoreCase) ? TicketCsvValues.Wire : TicketCsvValues.Labels;
        var fileName = $"tickets-{clock.GetUtcNow():yyyy-MM-dd}.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await TicketCsv.WriteAsync(Response.Body, sender.CreateStream(new ExportTicketsQuery(view.Filter, view.Sort), cancellationToken), values, cancellationToken);
        return new EmptyResult();
    }
}
