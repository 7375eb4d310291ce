using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects.Queries.GetTicketWorkLinks;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Outbox.GetPendingWrites;
using Ticketing.Application.Tickets.Queries.GetTicketDetails;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// One ticket with its activity, and the form that edits it through Championship IT. The form
/// carries the <c>updated_at</c> it was loaded with, so a change made meanwhile at the remote is
/// shown to the user instead of being overwritten.
/// </summary>
public sealed class DetailsModel(ISender sender, UserTime time) : PageModel, IRepopulatingPage
{
    public const string DueDateKey = "Input.DueDate";

    public TicketDetails Details { get; private set; } = null!;

    public TicketLookups Lookups { get; private set; } = new([], [], []);

    /// <summary>The projects and assignments the ticket is linked to, for the "Linked projects and assignments" section.</summary>
    public TicketWorkLinks? WorkLinks { get; private set; }

    /// <summary>Changes to this ticket queued while Championship IT was unreachable, oldest first.</summary>
    public IReadOnlyList<PendingUpdate> PendingChanges { get; private set; } = [];

    [BindProperty]
    public UpdateTicketCommand Input { get; set; } = new();

    /// <summary>After a conflict: the values the user chose that were not saved (remote's current → theirs).</summary>
    public UpdateTicketResult? Conflict { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        Input = UpdateTicketCommand.For(Details.Ticket);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        Input = Input with { Id = id, DueDate = TicketForm.ToUtc(Input.DueDate, time, ModelState, DueDateKey) };
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        var result = await sender.Send(Input, cancellationToken);
        if (result.Outcome == UpdateTicketOutcome.Conflict)
        {
            // The form must show the current values, not what was posted.
            ModelState.Clear();
            ModelState.AddModelError(
                string.Empty,
                "This ticket changed in Championship IT since you opened it, so your changes were not saved. " +
                "The form now shows the current values: review them and save again.");
            Conflict = result;
            await LoadAsync(id, cancellationToken);
            Input = UpdateTicketCommand.For(Details.Ticket);
            return Page();
        }

        TempData[StatusMessage.Key] = result.Outcome switch
        {
            UpdateTicketOutcome.Saved => $"Saved in Championship IT: {string.Join(", ", result.Fields.Select(FieldLabel))}.",
            UpdateTicketOutcome.Queued =>
                $"Championship IT could not be reached, so your change ({result.After.Describe(result.Fields)}) is queued: " +
                "it will be saved as soon as Championship IT answers. You will get a notification if it is refused.",
            _ => "Championship IT already had these values: nothing to save.",
        };
        return RedirectToPage(new { id });
    }

    public Task RepopulateAsync(CancellationToken cancellationToken) => LoadAsync(Input.Id, cancellationToken);

    public static string FieldLabel(string field) => field switch
    {
        TicketEditableFields.DueDateField => "due date",
        _ => field,
    };

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Details = await sender.Send(new GetTicketDetailsQuery(id), cancellationToken);
        PendingChanges = (await sender.Send(new GetPendingWritesQuery([id], IncludeCreates: false), cancellationToken)).For(id);
        Lookups = await sender.Send(new GetTicketLookupsQuery(), cancellationToken);
        WorkLinks = await sender.Send(new GetTicketWorkLinksQuery(id), cancellationToken);
    }
}
