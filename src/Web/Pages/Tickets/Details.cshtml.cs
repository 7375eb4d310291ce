using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi.Queries.GetTicketPhiAccess;
using Ticketing.Application.Projects.Queries.GetTicketWorkLinks;
using Ticketing.Application.Sla;
using Ticketing.Application.Sla.Queries.GetTicketSla;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.AddComment;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Outbox.GetPendingWrites;
using Ticketing.Application.Tickets.Queries.GetTicketChanges;
using Ticketing.Application.Tickets.Queries.GetTicketDetails;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Application.Tickets.Queries.GetTicketPdf;
using Ticketing.Application.Tickets.Queries.GetTicketWorkspace;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.RecordTriageFeedback;
using Ticketing.Application.Triage.Queries.SuggestTriage;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;
using Ticketing.Web.Endpoints;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The ticket page, where an agent works a ticket: the conversation (replies, internal notes,
/// attachments and the history in one timeline), the composer, attachments, and one form that edits
/// every field through Championship IT. The form carries the version and the values it was loaded
/// with, so a change made meanwhile at the remote is merged in, or, where it meets the user's own,
/// shown to the user to choose from rather than overwritten.
/// </summary>
public sealed class DetailsModel(ISender sender, UserTime time, IOptions<TriageOptions> triage) : PageModel, IRepopulatingPage
{
    public const string DueDateKey = "Input.DueDate";
    public const string CommentBodyKey = "Comment.Body";

    /// <summary>The query value of "only the conversation" (<c>?show=conversation</c>).</summary>
    public const string ConversationOnlyValue = "conversation";

    public TicketWorkspace Workspace { get; private set; } = null!;

    public TicketDetails Details => Workspace.Details;

    public TicketLookups Lookups { get; private set; } = new([], [], []);

    /// <summary>The projects and assignments the ticket is linked to, for the "Linked projects and assignments" section.</summary>
    public TicketWorkLinks? WorkLinks { get; private set; }

    /// <summary>The ticket's SLA under its policy (null: no policy covers it yet).</summary>
    public TicketSlaView? PolicySla { get; private set; }

    public Application.Sla.Prediction.TicketBreachRiskView? BreachRisk { get; private set; }

    /// <summary>The category the assistant is very confident of when it is not the ticket's (null: none, or it agrees).</summary>
    public CategoryHint? LooksLike { get; private set; }

    /// <summary>Changes to this ticket queued while Championship IT was unreachable, oldest first.</summary>
    public IReadOnlyList<PendingUpdate> PendingChanges => Workspace.PendingChanges;

    /// <summary>Files queued while Championship IT could not be reached, waiting to upload (the attachments card lists them).</summary>
    public IEnumerable<PendingUpdate> WaitingFiles => PendingChanges.Where(p => p.Kind == Domain.Tickets.PendingWriteKind.Attachment);

    [BindProperty]
    public UpdateTicketCommand Input { get; set; } = new();

    [BindProperty]
    public AddCommentCommand Comment { get; set; } = new();

    /// <summary>After a conflict: the fields both the user and someone else changed (current values → theirs).</summary>
    public UpdateTicketResult? Conflict { get; private set; }

    [BindProperty(SupportsGet = true, Name = "show")]
    public string? Show { get; set; }

    public bool ConversationOnly => Show == ConversationOnlyValue;

    /// <summary>The plain upload form's key: its files are stored once however often it is sent.</summary>
    public Guid UploadKey { get; } = Guid.NewGuid();

    /// <summary>What the last plain upload could not attach, and why.</summary>
    public IReadOnlyList<string> UploadFailures { get; private set; } = [];

    /// <summary>The edit form opens by itself when it has something to say (errors, a conflict).</summary>
    public bool EditOpen => Conflict is not null || ModelState.Any(p => p.Key.StartsWith("Input.", StringComparison.Ordinal) && p.Value?.Errors.Count > 0)
        || ModelState.TryGetValue(string.Empty, out var general) && general?.Errors.Count > 0 && Request.Query["handler"] != "Comment";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        // A PHI ticket the reader may not see whole opens as its restricted view, with break-glass.
        if (!(await sender.Send(new GetTicketPhiAccessQuery(id), cancellationToken)).Access.Allowed)
        {
            return RedirectToPage("/Tickets/Restricted", new { id });
        }

        await LoadAsync(id, cancellationToken);
        Input = UpdateTicketCommand.Everything(Details.Ticket);
        Comment = new AddCommentCommand { IdempotencyKey = Guid.NewGuid() };
        LooksLike = await CategoryHintAsync(Details.Ticket, cancellationToken);
        return Page();
    }

    /// <summary>
    /// The ticket as a PDF on the chosen paper (<c>paper=a4</c> or <c>letter</c>; otherwise the browser's region decides),
    /// times in the reader's zone. A reader without PHI access gets the restricted ticket, as on the page.
    /// </summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid id, string? paper, CancellationToken cancellationToken)
    {
        var pdf = await sender.Send(new GetTicketPdfQuery(id, PaperSizes.Parse(paper) ?? DefaultPaper, time.Zone.Id), cancellationToken);
        return File(pdf.Content, "application/pdf", pdf.FileName);
    }

    /// <summary>The paper of the reader's region, from the browser's first language (<c>en-US</c>: Letter).</summary>
    public PaperSize DefaultPaper =>
        PaperSizes.ForLanguageTag(Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault()?.Value.Value);

    /// <summary>
    /// What changed since the page was rendered, for the page's live updates: the edit form's original values come
    /// back as <c>original</c> when the page hears that its ticket changed. The answer is HTML (<c>_TicketLive</c>):
    /// the "changed since you opened this page" notice, if a field the page shows changed, the title, badges and facts
    /// as they are now, and the conversation, from which the page takes the entries it does not have. Bad input is a
    /// 400 in words (JSON).
    /// </summary>
    public async Task<IActionResult> OnPostChangesAsync(Guid id, [FromForm(Name = "original")] string? original, CancellationToken cancellationToken)
    {
        try
        {
            LiveChanges = await sender.Send(new GetTicketChangesQuery(id, original), cancellationToken);
        }
        catch (ValidationException validation)
        {
            return new JsonResult(new { errors = validation.Errors.SelectMany(e => e.Value).ToArray() }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        catch (ForbiddenAccessException forbidden)
        {
            return new JsonResult(new { errors = new[] { forbidden.Message } }) { StatusCode = StatusCodes.Status403Forbidden };
        }

        if (LiveChanges.Workspace is { } workspace)
        {
            Workspace = workspace;
            await LoadSlaCardsAsync(id, cancellationToken);
        }

        return Partial("_TicketLive", this);
    }

    /// <summary>
    /// What the SLA cards say (<c>_TicketSlaCards</c>), for the live answer to be compared by: their states, due times
    /// and the estimate's words, not when they were computed, so a recomputation that changed nothing changes nothing.
    /// </summary>
    public string SlaCardsVersion => string.Join(
        '|',
        PolicySla is { } p
            ? FormattableString.Invariant($"{p.PolicyId}|{p.PolicyName}|{p.BusinessHours}|{p.FirstResponseDueAt:O}|{p.FirstResponseAt:O}|{p.FirstResponseState}|{p.ResolutionDueAt:O}|{p.ResolutionState}|{p.IsPaused}|{p.State}")
            : "no policy",
        BreachRisk is { Likely: true } r
            ? FormattableString.Invariant($"{Math.Round(r.Probability, 2)}|{r.Reason}|{r.LikelySince:O}")
            : "not likely");

    /// <summary>The answer of <see cref="OnPostChangesAsync"/> (null on the page itself).</summary>
    public TicketChangesSince? LiveChanges { get; private set; }

    /// <summary>The page's own address: where "Reload" goes, with the conversation's filter kept.</summary>
    public string PageUrl => $"/Tickets/Details/{RouteData.Values["id"]}{(ConversationOnly ? $"?show={ConversationOnlyValue}" : "")}";

    /// <summary>
    /// "Change category" on the notice: the ticket's current values with the suggested category, saved through the
    /// normal edit (written through to Championship IT, audited), and the person's acceptance recorded for training.
    /// </summary>
    public async Task<IActionResult> OnPostApplyCategoryAsync(Guid id, string? category, double confidence, long? modelVersion, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(category) || category.Length > 200)
        {
            return RedirectToPage(new { id });
        }

        var ticket = (await sender.Send(new GetTicketWorkspaceQuery(id), cancellationToken)).Details.Ticket;
        var result = await sender.Send(UpdateTicketCommand.Everything(ticket) with { Category = category }, cancellationToken);
        if (result.Outcome != UpdateTicketOutcome.Conflict)
        {
            await sender.Send(
                new RecordTriageFeedbackCommand(id, [new TriageFeedbackItem(TriageTarget.Category, category, category, Math.Clamp(confidence, 0, 1), modelVersion)]),
                cancellationToken);
        }

        TempData[StatusMessage.Key] = result.Outcome switch
        {
            UpdateTicketOutcome.Queued =>
                $"Championship IT could not be reached, so the category change to {category} is queued: it will be saved as soon as Championship IT answers.",
            UpdateTicketOutcome.Conflict => "Someone changed this ticket in Championship IT meanwhile: the category was not changed. Look again and edit it below.",
            _ => $"Category set to {category} in Championship IT.",
        };
        return RedirectToPage(new { id });
    }

    private async Task<CategoryHint?> CategoryHintAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        // Uncategorized tickets are the list's "Uncategorized" preset's business; here only a category that looks wrong is questioned.
        if (string.IsNullOrWhiteSpace(ticket.Category))
        {
            return null;
        }

        var suggestions = await sender.Send(new SuggestTriageQuery(Truncate(ticket.Title, 500), Truncate(ticket.Description, 20_000), Truncate(ticket.Department, 200), 1), cancellationToken);
        return suggestions.For(TriageTarget.Category) is { Suggestions: [var top, ..] } category
            && top.Confidence >= triage.Value.LooksWrongAbove
            && !string.Equals(top.Value, ticket.Category.Trim(), StringComparison.OrdinalIgnoreCase)
            ? new CategoryHint(top, category.ModelVersion)
            : null;
    }

    private static string? Truncate(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        Input = Input with { Id = id, DueDate = TicketForm.ToUtc(Input.DueDate, time, ModelState, DueDateKey) };
        Comment = new AddCommentCommand { IdempotencyKey = Guid.NewGuid() };
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        var result = await sender.Send(Input, cancellationToken);
        if (result.Outcome == UpdateTicketOutcome.Conflict)
        {
            // The form shows the user's values over the current ones, and asks about the fields both changed.
            ModelState.Clear();
            ModelState.AddModelError(
                string.Empty,
                "Someone changed this ticket in Championship IT while you were editing it. Your changes are still in the form: " +
                "for each field marked “Changed meanwhile”, choose which value to keep, then save again.");
            Conflict = result;
            await LoadAsync(id, cancellationToken);
            Input = UpdateTicketCommand.Everything(result.Current, result.After) with { Conflicts = result.Fields };
            return Page();
        }

        TempData[StatusMessage.Key] = result.Outcome switch
        {
            UpdateTicketOutcome.Saved => $"Saved in Championship IT: {string.Join(", ", result.Fields.Select(FieldLabel))}.",
            UpdateTicketOutcome.Queued =>
                $"Championship IT could not be reached, so your change ({result.After.Describe(result.Fields, time.Exact)}) is queued: " +
                "it will be saved as soon as Championship IT answers. You will get a notification if it is refused.",
            _ => "Championship IT already had these values: nothing to save.",
        };
        return RedirectToPage(new { id });
    }

    /// <summary>The composer without JavaScript: a normal post, back to the conversation.</summary>
    public async Task<IActionResult> OnPostCommentAsync(Guid id, CancellationToken cancellationToken)
    {
        Comment = Comment with { TicketId = id };
        AddCommentResult result;
        try
        {
            result = await sender.Send(Comment, cancellationToken);
        }
        catch (ValidationException validation)
        {
            // Under the composer, not the edit form: the page filter files errors under "Input".
            foreach (var (field, messages) in validation.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(string.IsNullOrEmpty(field) ? CommentBodyKey : $"Comment.{field}", message);
                }
            }

            await LoadAsync(id, cancellationToken);
            Input = UpdateTicketCommand.Everything(Details.Ticket);
            return Page();
        }

        var what = result.Comment.Visibility == CommentVisibility.Internal ? "Internal note" : "Reply";
        TempData[StatusMessage.Key] = result.Outcome == AddCommentOutcome.Sent
            ? $"{what} sent to Championship IT."
            : $"Championship IT could not be reached, so your {what.ToLowerInvariant()} is queued: it will be posted, once, as soon as Championship IT answers.";
        return Redirect($"/Tickets/Details/{id}#conversation");
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(Input.Id, cancellationToken);
        Comment = new AddCommentCommand { IdempotencyKey = Guid.NewGuid() };
    }

    /// <summary>A field's name in a sentence: "status", "due date", "custom fields".</summary>
    public static string FieldLabel(string field) => TicketEditableFields.Label(field);

    /// <summary>The key under which the browser keeps this user's draft for this ticket (and nothing else).</summary>
    public string DraftStorageKey => $"ticketing.draft.v1.{User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value}.{Details.Ticket.Id}";

    public string UploadUrl => $"/tickets/{Details.Ticket.Id}/attachments";

    public string DownloadUrl(string attachmentId) => $"/tickets/{Details.Ticket.Id}/attachments/{Uri.EscapeDataString(attachmentId)}";

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Workspace = await sender.Send(new GetTicketWorkspaceQuery(id), cancellationToken);
        Lookups = await sender.Send(new GetTicketLookupsQuery(), cancellationToken);
        WorkLinks = await sender.Send(new GetTicketWorkLinksQuery(id), cancellationToken);
        await LoadSlaCardsAsync(id, cancellationToken);
        UploadFailures = TempData[TicketWorkspaceEndpoints.FailuresKey] as string[] ?? [];
    }

    /// <summary>What the side panel's SLA cards show (<c>_TicketSlaCards</c>): on the page and in the live answer.</summary>
    private async Task LoadSlaCardsAsync(Guid id, CancellationToken cancellationToken)
    {
        PolicySla = await sender.Send(new GetTicketSlaQuery(id), cancellationToken);
        BreachRisk = await sender.Send(new Application.Sla.Queries.GetTicketBreachRisk.GetTicketBreachRiskQuery(id), cancellationToken);
    }
}

/// <summary>The assistant's confident suggestion of another category, and the model version that made it.</summary>
public sealed record CategoryHint(TriageSuggestion Suggestion, long ModelVersion);
