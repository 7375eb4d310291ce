using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Templates;
using Ticketing.Application.Templates.Queries.GetTicketTemplates;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Application.Triage.Commands.AutoApplyTriage;
using Ticketing.Application.Triage.Commands.RecordTriageFeedback;
using Ticketing.Application.Triage.Queries.SuggestTriage;
using Ticketing.Domain.Templates;
using Ticketing.Infrastructure.Identity;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// "Create ticket": the Idempotency-Key is made when the form is rendered and travels with it, so
/// submitting the same form twice (double click, Back and resubmit, retry after an outage) files
/// one ticket.
/// </summary>
public sealed class CreateModel(ISender sender, UserTime time) : PageModel, IRepopulatingPage
{
    public const string DueDateKey = "Input.DueDate";

    [BindProperty]
    public CreateTicketCommand Input { get; set; } = new();

    public TicketLookups Lookups { get; private set; } = new([], [], []);

    /// <summary>The template to start from (<c>?template=</c>): the form is filled from it and stays editable.</summary>
    [BindProperty(SupportsGet = true, Name = "template")]
    public Guid? TemplateId { get; set; }

    public IReadOnlyList<TicketTemplateView> Templates { get; private set; } = [];

    /// <summary>The suggestions the form showed (<see cref="TriageFeedbackForm"/>), to record what was done with them.</summary>
    [BindProperty(Name = TriageFeedbackForm.FieldName)]
    public string? TriageShown { get; set; }

    /// <summary>The template the form was filled from, when one was asked for and exists.</summary>
    public TicketTemplateView? Template { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input = new CreateTicketCommand { IdempotencyKey = Guid.NewGuid() };
        await RepopulateAsync(cancellationToken);
        Template = Templates.FirstOrDefault(t => t.Id == TemplateId);
        if (Template is { } template)
        {
            var today = DateOnly.FromDateTime(time.ToLocal(time.Now).DateTime);
            Input = Input with
            {
                Title = TicketTemplate.ExpandTitle(template.TitlePattern, today, User.FindFirst(UserClaimsFactory.DisplayNameClaim)?.Value ?? User.Identity?.Name),
                Description = template.DescriptionSkeleton,
                Category = template.Category,
                Priority = template.Priority,
                Tags = template.Tags.Count == 0 ? null : string.Join(", ", template.Tags),
                CustomFields = CustomFieldsInput.ForForm(template.CustomFieldsJson),
            };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Input = Input with { DueDate = TicketForm.ToUtc(Input.DueDate, time, ModelState, DueDateKey) };
        if (!ModelState.IsValid)
        {
            await RepopulateAsync(cancellationToken);
            return Page();
        }

        // What the person chose is the feedback; what the assistant fills into the fields they left empty is audited instead.
        var chosen = Input;
        var auto = await sender.Send(new AutoApplyTriageCommand(Input), cancellationToken);
        Input = auto.Draft;
        var created = await sender.Send(Input, cancellationToken);
        if (!created.WasAlreadyCreated)
        {
            if (auto.Applied.Count > 0)
            {
                await sender.Send(new AuditAutoAppliedTriageCommand(created.TicketId, created.TicketNumber, auto.Applied), cancellationToken);
            }

            if (TriageFeedbackForm.Feedback(TriageShown, chosen) is { Count: > 0 } feedback)
            {
                await sender.Send(new RecordTriageFeedbackCommand(created.TicketId, feedback), cancellationToken);
            }
        }

        if (created.Queued)
        {
            TempData[StatusMessage.Key] =
                $"Championship IT could not be reached, so “{Input.Title?.Trim()}” is queued: it will be filed, once, as soon as Championship IT answers. " +
                "You will get a notification if Championship IT refuses it.";
            return RedirectToPage("Index");
        }

        TempData[StatusMessage.Key] = created.WasAlreadyCreated
            ? $"This form had already created ticket {created.TicketNumber}: no second ticket was filed."
            : $"Ticket {created.TicketNumber} created in Championship IT.";
        return created.TicketId is { } id ? RedirectToPage("Details", new { id }) : RedirectToPage("Index");
    }

    /// <summary>The triage assistant's suggestions for the text typed so far, as a fragment of the form; changes nothing.</summary>
    public async Task<IActionResult> OnGetSuggestAsync(string? title, string? description, string? department, CancellationToken cancellationToken)
    {
        var suggestions = await sender.Send(new SuggestTriageQuery(Clip(title, 500), Clip(description, 20_000), Clip(department, 200)), cancellationToken);
        return Partial("_TriageSuggestions", suggestions);
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken)
    {
        Lookups = await sender.Send(new GetTicketLookupsQuery(), cancellationToken);
        Templates = await sender.Send(new GetTicketTemplatesQuery(), cancellationToken);
    }

    private static string? Clip(string? value, int length) => value is { Length: > 0 } v && v.Length > length ? v[..length] : value;
}
