using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Application.Tickets.Outbox.GetPendingWrites;
using Ticketing.Application.Tickets.Queries.GetTicketDetails;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Queries.GetTicketWorkspace;

/// <summary>
/// Everything the ticket page shows: the ticket, its conversation and history as one timeline
/// (oldest first), its attachments, and what still waits in the outbox for it. A deleted or unknown
/// ticket is not found.
/// </summary>
public sealed record GetTicketWorkspaceQuery(Guid Id) : IQuery<TicketWorkspace>;

public enum TimelineKind
{
    /// <summary>The ticket was created at Championship IT (its <c>created_at</c>).</summary>
    CreatedRemotely,

    /// <summary>The mirror first stored the ticket (by a sync, a webhook or this app).</summary>
    FirstSeen,

    /// <summary>A field changed (<see cref="TimelineEntry.Change"/>).</summary>
    Change,

    /// <summary>A reply or internal note (<see cref="TimelineEntry.Comment"/>).</summary>
    Comment,

    /// <summary>A comment written here while Championship IT was unreachable, not delivered yet.</summary>
    QueuedComment,

    /// <summary>A file was attached (<see cref="TimelineEntry.Attachment"/>).</summary>
    Attachment,

    /// <summary>Championship IT deleted the ticket.</summary>
    Deleted,

    /// <summary>An SLA escalation rule fired (<see cref="TimelineEntry.Escalation"/>).</summary>
    Escalation,
}

/// <summary>One thing that happened to a ticket, at <see cref="At"/>.</summary>
public sealed record TimelineEntry(TimelineKind Kind, DateTimeOffset At)
{
    public TicketComment? Comment { get; init; }

    public TicketHistoryEntry? Change { get; init; }

    public TicketAttachmentSummary? Attachment { get; init; }

    public Sla.EscalationFiringView? Escalation { get; init; }

    /// <summary>For a queued comment: why it is still waiting.</summary>
    public string? WaitingBecause { get; init; }

    /// <summary>Comments and attachments: what "only the conversation" keeps.</summary>
    public bool IsConversation => Kind is TimelineKind.Comment or TimelineKind.QueuedComment or TimelineKind.Attachment;
}

/// <summary>The ticket's attachments, or why they cannot be listed right now (<see cref="Unavailable"/>).</summary>
public sealed record TicketAttachments(IReadOnlyList<TicketAttachmentSummary> Items, string? Unavailable)
{
    public static TicketAttachments None { get; } = new([], null);
}

public sealed record TicketWorkspace(
    TicketDetails Details,
    IReadOnlyList<TimelineEntry> Timeline,
    TicketAttachments Attachments,
    IReadOnlyList<PendingUpdate> PendingChanges);

public sealed class GetTicketWorkspaceHandler(ITicketRepository tickets, Phi.PhiGuard guard, TicketWorkspaceReader reader)
    : IQueryHandler<GetTicketWorkspaceQuery, TicketWorkspace>
{
    public async ValueTask<TicketWorkspace> Handle(GetTicketWorkspaceQuery query, CancellationToken cancellationToken)
    {
        var ticket = await tickets.FindAsync(query.Id, cancellationToken) ?? throw new NotFoundException("Ticket", query.Id);
        await guard.EnsureMayReadAsync(ticket.Id, ticket.TicketNumber, cancellationToken);
        return await reader.ReadAsync(ticket, cancellationToken);
    }
}

/// <summary>
/// Builds a ticket's workspace (its timeline, attachments and queued changes) for a reader the caller has
/// already let through the PHI guard: the ticket page's query and its live "what changed" question share it.
/// </summary>
public sealed class TicketWorkspaceReader(
    ITicketRepository tickets,
    ITicketOutbox outbox,
    ITicketAttachmentReader attachments,
    IOptions<SlaOptions> sla,
    IEscalationStore escalations,
    TimeProvider clock)
{
    public async Task<TicketWorkspace> ReadAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var (comments, history) = await tickets.GetActivityAsync(ticket.Id, GetTicketDetailsHandler.HistoryLimit, cancellationToken);
        var details = new TicketDetails(ticket, ticket.SlaStateAt(clock.GetUtcNow(), sla.Value.AtRiskWindow), comments, history);
        var pending = await outbox.GetPendingUpdatesAsync([ticket.Id], cancellationToken);
        var files = await ListAttachmentsAsync(ticket, cancellationToken);

        var timeline = new List<TimelineEntry> { new(TimelineKind.CreatedRemotely, ticket.CreatedAt) };
        timeline.AddRange(history.Select(h => h.Field switch
        {
            "created" => new TimelineEntry(TimelineKind.FirstSeen, h.RecordedAt) { Change = h },
            "deleted" => new TimelineEntry(TimelineKind.Deleted, h.ChangedAt) { Change = h },
            _ => new TimelineEntry(TimelineKind.Change, h.ChangedAt) { Change = h },
        }));
        timeline.AddRange(comments.Select(c => new TimelineEntry(TimelineKind.Comment, c.CreatedAt) { Comment = c }));
        timeline.AddRange(files.Items.Select(a => new TimelineEntry(TimelineKind.Attachment, a.CreatedAt) { Attachment = a }));
        timeline.AddRange((await escalations.ForTicketAsync(ticket.Id, cancellationToken)).Select(f => new TimelineEntry(TimelineKind.Escalation, f.FiredAt) { Escalation = f }));
        foreach (var write in pending.Where(w => w.Kind == PendingWriteKind.Comment))
        {
            if (TryReadComment(write) is { } comment)
            {
                timeline.Add(new TimelineEntry(TimelineKind.QueuedComment, write.QueuedAt) { Comment = comment, WaitingBecause = write.LastError });
            }
        }

        return new TicketWorkspace(
            details,
            [.. timeline.Select((entry, index) => (entry, index)).OrderBy(e => e.entry.At).ThenBy(e => e.entry.Kind == TimelineKind.CreatedRemotely ? 0 : 1).ThenBy(e => e.index).Select(e => e.entry)],
            files,
            [.. pending.Where(w => w.Kind is PendingWriteKind.Update or PendingWriteKind.Attachment).Select(w => new PendingUpdate(w.Id, ticket.Id, w.Summary, w.QueuedAt, w.LastError, w.Kind))]);
    }

    /// <summary>Read from the mirror: the list shows while Championship IT is down.</summary>
    private async Task<TicketAttachments> ListAttachmentsAsync(Ticket ticket, CancellationToken cancellationToken) =>
        new([.. (await attachments.ListAsync(ticket.Id, ticket.ExternalTicketId, cancellationToken)).OrderBy(a => a.CreatedAt)], null);

    private static TicketComment? TryReadComment(PendingTicketWrite write)
    {
        try
        {
            var queued = OutboxPayload.ReadComment(write.PayloadJson);
            return new TicketComment
            {
                TicketId = write.TicketId ?? Guid.Empty,
                ExternalCommentId = string.Empty,
                AuthorName = queued.AuthorName,
                AuthorEmail = queued.AuthorEmail,
                Body = queued.Body,
                Visibility = queued.Visibility,
                CreatedAt = write.QueuedAt,
            };
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException)
        {
            // The outbox rejects it when it comes to it; the page shows the rest.
            return null;
        }
    }
}
