using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The list's bulk action: posts the ticked tickets and shows, per ticket, what Championship IT
/// did. The result is shown rather than redirected to, because it can name up to 100 failures; a
/// repeated post is harmless (the same PATCH again changes nothing).
/// </summary>
public sealed class BulkModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public BulkUpdateTicketsCommand Input { get; set; } = new();

    /// <summary>The list's query string, so "Back to the list" returns to the same filters and page.</summary>
    [BindProperty]
    public string? ReturnQuery { get; set; }

    public BulkUpdateResult? Result { get; private set; }

    public string BackUrl => SafeReturnUrl.Or(ReturnQuery is ['?', _, ..] query ? "/Tickets" + query : null, "/Tickets");

    public IActionResult OnGet() => RedirectToPage("Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            Result = await sender.Send(Input, cancellationToken);
        }

        return Page();
    }

    public Task RepopulateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
