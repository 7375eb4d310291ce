using System.Globalization;
using FluentValidation;
using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Phi.Queries.GetTicketPhiAccess;
using Ticketing.Application.Tickets.Attachments;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Queries.GetTicketWorkspace;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Queries.GetTicketPdf;

/// <summary>
/// One ticket as a PDF on <see cref="Paper"/>, times in <see cref="Zone"/>: read through the ticket
/// page's own queries, so a reader without PHI access gets the restricted view (and break-glass counts),
/// and audited as a <c>ticket.export</c>.
/// </summary>
public sealed record GetTicketPdfQuery(Guid Id, PaperSize Paper, string Zone) : IQuery<TicketPdf>;

/// <summary>The file and the name to download it as.</summary>
public sealed record TicketPdf(byte[] Content, string FileName);

/// <summary>A ticket as the PDF lays it out, every value already in words and in the reader's zone.</summary>
/// <param name="Heading">"IT-004217 Printer jammed" (the title masked where PHI rules say so).</param>
/// <param name="MadeAt">When and in which zone it was made: "6 Dec 2026, 14:05 (Europe/Lisbon)".</param>
/// <param name="Zone">The zone every time is in, by name.</param>
/// <param name="Fields">Status, priority, people, dates, tags and custom fields, as "Label: value".</param>
/// <param name="Notice">Why parts are missing (a restricted PHI ticket), or null.</param>
/// <param name="Description">The opening description, or null when it may not be shown.</param>
/// <param name="Conversation">Replies and internal notes, oldest first, each labelled.</param>
/// <param name="History">The changes in words, oldest first.</param>
/// <param name="Attachments">The files, listed (never their contents).</param>
public sealed record TicketReport(
    string Heading,
    string MadeAt,
    string Zone,
    IReadOnlyList<TicketReportField> Fields,
    string? Notice,
    string? Description,
    IReadOnlyList<TicketReportEntry> Conversation,
    IReadOnlyList<TicketReportEntry> History,
    IReadOnlyList<TicketReportEntry> Attachments);

public sealed record TicketReportField(string Label, string Value);

/// <summary>One line of a section, with a body under it for replies and notes.</summary>
public sealed record TicketReportEntry(string Line, string? Body = null);

public sealed class GetTicketPdfValidator : AbstractValidator<GetTicketPdfQuery>
{
    public GetTicketPdfValidator()
    {
        RuleFor(q => q.Id).NotEmpty();
        RuleFor(q => q.Paper).IsInEnum();
        RuleFor(q => q.Zone).NotEmpty().MaximumLength(64)
            .Must(zone => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)).WithMessage("Unknown time zone.");
    }
}

public sealed class GetTicketPdfHandler(ISender sender, IReportPdf pdf, IAuditLog audit, TimeProvider clock)
    : IQueryHandler<GetTicketPdfQuery, TicketPdf>
{
    public const string Restricted =
        "This ticket holds protected health information and you do not have PHI access: only its number, status, priority, assignee and dates are shown.";

    public async ValueTask<TicketPdf> Handle(GetTicketPdfQuery query, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(query.Zone);
        var zoneName = zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
        string Exact(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        var madeAt = $"{Exact(clock.GetUtcNow())} ({zoneName})";

        // The ticket page's first question and its query: masking and break-glass are theirs, not repeated here.
        var access = await sender.Send(new GetTicketPhiAccessQuery(query.Id), cancellationToken);
        var report = access.Access.Allowed
            ? Whole(await sender.Send(new GetTicketWorkspaceQuery(query.Id), cancellationToken), Exact, madeAt, zoneName)
            : Masked(access, Exact, madeAt, zoneName);

        await audit.WriteTicketAccessAsync(
            new TicketAccess(PhiAuditActions.Export, [access.TicketNumber], $"/Tickets/Details/{access.Id}",
                Details: new { format = "pdf", phi = access.Access.IsPhi, masked = !access.Access.Allowed }),
            cancellationToken);
        return new TicketPdf(pdf.Ticket(report, query.Paper), $"{access.TicketNumber}.pdf");
    }

    private static TicketReport Whole(TicketWorkspace workspace, Func<DateTimeOffset, string> exact, string madeAt, string zone)
    {
        var t = workspace.Details.Ticket;
        List<TicketReportField> fields =
        [
            new("Status", NotificationTypeText.Status(t.Status)),
            new("Priority", NotificationTypeText.Priority(t.Priority)),
            new("Assignee", t.AssigneeName ?? "Unassigned"),
            new("Requester", t.RequesterName is null ? "—" : t.RequesterEmail is null ? t.RequesterName : $"{t.RequesterName} <{t.RequesterEmail}>"),
            new("Category", t.Category ?? "—"),
            new("Department", t.Department ?? "—"),
            new("Tags", t.Tags.Length == 0 ? "no tags" : string.Join(", ", t.Tags)),
            new("Created", exact(t.CreatedAt)),
            new("Updated", exact(t.UpdatedAt)),
            new("Resolved", t.ResolvedAt is { } resolved ? exact(resolved) : "—"),
            new("Due", t.DueDate is { } due ? exact(due) : "—"),
        ];
        fields.AddRange(CustomFieldValues.Rows(t.CustomFieldsJson).Select(r => new TicketReportField(r.Key ?? "", r.Value ?? "")));

        var conversation = new List<TicketReportEntry>();
        var history = new List<TicketReportEntry>();
        foreach (var entry in workspace.Timeline)
        {
            var when = exact(entry.At);
            switch (entry.Kind)
            {
                case TimelineKind.Comment or TimelineKind.QueuedComment:
                    var c = entry.Comment!;
                    var kind = c.Visibility == CommentVisibility.Internal ? "Internal note (agents only)" : c.Visibility == CommentVisibility.Public ? "Reply" : "Comment";
                    var waiting = entry.Kind == TimelineKind.QueuedComment ? ", waiting for Championship IT" : "";
                    conversation.Add(new($"{kind} — {c.AuthorName ?? "Unknown"}{(c.AuthorEmail is { } email ? $" <{email}>" : "")}, {when}{waiting}", c.Body));
                    break;
                case TimelineKind.CreatedRemotely:
                    history.Add(new($"{when} — created at Championship IT by {t.RequesterName ?? "someone"}"));
                    break;
                case TimelineKind.FirstSeen:
                    history.Add(new($"{when} — first seen by the mirror ({TicketWords.Source(entry.Change!.Source)})"));
                    break;
                case TimelineKind.Deleted:
                    history.Add(new($"{when} — deleted at Championship IT ({TicketWords.Source(entry.Change!.Source)})"));
                    break;
                case TimelineKind.Change:
                    var h = entry.Change!;
                    history.Add(new($"{when} — {TicketWords.FieldName(h.Field)}: {TicketWords.HistoryValue(h.Field, h.OldValue, exact)} → {TicketWords.HistoryValue(h.Field, h.NewValue, exact)} ({TicketWords.Source(h.Source)})"));
                    break;
            }
        }

        var files = workspace.Attachments.Items
            .Select(a => new TicketReportEntry($"{AttachmentFileName.Sanitize(a.FileName)} — {FileTypes.Label(a.ContentType)}, {TicketWords.Size(a.SizeBytes)}, by {a.UploadedByName ?? "someone"}, {exact(a.CreatedAt)}"))
            .ToList();
        return new TicketReport($"{t.TicketNumber} {t.Title}", madeAt, zone, fields, null, t.Description ?? "No description.", conversation, history, files);
    }

    private static TicketReport Masked(RestrictedTicket t, Func<DateTimeOffset, string> exact, string madeAt, string zone) =>
        new(
            $"{t.TicketNumber} {PhiMask.Text}",
            madeAt,
            zone,
            [
                new("Status", NotificationTypeText.Status(t.Status)),
                new("Priority", NotificationTypeText.Priority(t.Priority)),
                new("Assignee", t.AssigneeName ?? "Unassigned"),
                new("Created", exact(t.CreatedAt)),
                new("Updated", exact(t.UpdatedAt)),
                new("Resolved", t.ResolvedAt is { } resolved ? exact(resolved) : "—"),
                new("Due", t.DueDate is { } due ? exact(due) : "—"),
            ],
            Restricted,
            null,
            [],
            [],
            []);
}
