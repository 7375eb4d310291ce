using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;
using Ticketing.Application.Triage.Commands.ApplyCategorySuggestions;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The list's bulk action: posts the ticked tickets and shows, per ticket, what Championship IT
/// did. The list's script asks for JSON and reports each outcome on its row; without scripts the
/// result is a page rather than a redirect, because it can name up to 100 failures. A repeated post
/// is harmless (the same PATCH again changes nothing).
/// </summary>
public sealed class BulkModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public BulkUpdateTicketsCommand Input { get; set; } = new();

    /// <summary>The list's query string, so "Back to the list" returns to the same filters and page.</summary>
    [BindProperty]
    public string? ReturnQuery { get; set; }

    /// <summary>"Apply suggestions": each selected ticket's category becomes the triage assistant's suggestion for it.</summary>
    [BindProperty]
    public bool ApplySuggestions { get; set; }

    public BulkUpdateResult? Result { get; private set; }

    public string BackUrl => SafeReturnUrl.Or(ReturnQuery is ['?', _, ..] query ? "/Tickets" + query : null, "/Tickets");

    public IActionResult OnGet() => RedirectToPage("Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var json = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal);
        if (!ModelState.IsValid)
        {
            return json ? new JsonResult(new { errors = ModelState.Values.SelectMany(e => e.Errors).Select(e => e.ErrorMessage) }) { StatusCode = 400 } : Page();
        }

        if (!json)
        {
            Result = await SendAsync(cancellationToken);
            return Page();
        }

        try
        {
            var result = await SendAsync(cancellationToken);
            return new JsonResult(new
            {
                succeeded = result.SucceededCount,
                queued = result.QueuedCount,
                failed = result.Failures.Count,
                outcomes = result.Outcomes.Select(o => new
                {
                    ticketId = o.TicketId,
                    number = o.TicketNumber,
                    outcome = o.Outcome.ToString().ToLowerInvariant(),
                    error = o.Error,
                    category = result.CategoryByTicket?.GetValueOrDefault(o.TicketId),
                }),
            });
        }
        catch (ValidationException ex)
        {
            return new JsonResult(new { errors = ex.Errors.Values.SelectMany(m => m) }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
        }
    }

    private async Task<BulkUpdateResult> SendAsync(CancellationToken cancellationToken) =>
        ApplySuggestions
            ? await sender.Send(new ApplyCategorySuggestionsCommand(Input.TicketIds), cancellationToken)
            : await sender.Send(Input, cancellationToken);

    public Task RepopulateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
