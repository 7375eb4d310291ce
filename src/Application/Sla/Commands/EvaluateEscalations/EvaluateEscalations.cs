using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Channels;
using Ticketing.Application.Channels.Chat;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Outbox;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sla.Commands.EvaluateEscalations;

/// <summary>
/// Every minute (the <c>sla-escalations</c> job): fires the escalation rules that are due. Candidates come
/// set-based from <c>ticket_sla</c>; each firing is claimed by its unique key before anything is done, so a rule
/// fires once per ticket, target and spell however many instances or retries run this at once. Returns the
/// number of firings this round claimed.
/// </summary>
public sealed record EvaluateEscalationsCommand(int BatchSize = 500) : ICommand<EscalationRound>, ISystemRequest, IAdminRequest, ITicketWrite
{
    /// <summary>Which tickets a round changes is known only as it fires: the result names them.</summary>
    public IReadOnlyCollection<Guid> WrittenTicketIds => [];
}

/// <summary>How many rules fired in a round, and the tickets whose priority or assignee it queued a change for.</summary>
public sealed record EscalationRound(int Fired) : ITicketWriteResult
{
    public IReadOnlyCollection<Guid> WrittenTicketIds { get; init; } = [];
}

public sealed class EvaluateEscalationsHandler(
    IEscalationStore store,
    ISlaRepository sla,
    ITicketRepository tickets,
    INotificationRepository notifications,
    ILiveUpdates live,
    IChatChannelStore chatChannels,
    IChatOutbox chat,
    INotifiedTicketReader notifiedTickets,
    ITicketDisclosure disclosure,
    ITicketOutbox outbox,
    ChannelLinks links,
    TimeProvider clock,
    ILogger<EvaluateEscalationsHandler> logger)
    : ICommandHandler<EvaluateEscalationsCommand, EscalationRound>
{
    /// <summary>A firing whose action has not reported for this long is taken up again (its instance stopped).</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(5);

    public async ValueTask<EscalationRound> Handle(EvaluateEscalationsCommand command, CancellationToken cancellationToken)
    {
        var changed = new HashSet<Guid>();
        var now = clock.GetUtcNow();
        var calendars = (await sla.ListCalendarsAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.ToBusinessCalendar());
        var fired = 0;

        foreach (var (firingId, candidate) in await store.GetStalledAsync(now - StallAfter, command.BatchSize, cancellationToken))
        {
            await ActAndCompleteAsync(firingId, candidate, changed, cancellationToken);
        }

        EscalationCursor? after = null;
        while (true)
        {
            var batch = await store.GetCandidatesAsync(now, after, command.BatchSize, cancellationToken);
            foreach (var candidate in batch)
            {
                var calendar = candidate.BusinessHours && candidate.CalendarId is { } id && calendars.TryGetValue(id, out var c) ? c : null;
                if (!candidate.Rule.IsDue(TimeSpan.FromMinutes(candidate.TargetMinutes), candidate.DueAt, calendar, now))
                {
                    continue;
                }

                if (await store.TryClaimAsync(candidate, EscalationText.Describe(candidate.Rule), now, cancellationToken) is { } firingId)
                {
                    fired++;
                    await ActAndCompleteAsync(firingId, candidate, changed, cancellationToken);
                }
            }

            if (batch.Count < command.BatchSize)
            {
                return new EscalationRound(fired) { WrittenTicketIds = changed };
            }

            after = new EscalationCursor(batch[^1].TicketId, batch[^1].Rule.Id);
        }
    }

    private async Task ActAndCompleteAsync(long firingId, EscalationCandidate candidate, HashSet<Guid> changed, CancellationToken cancellationToken)
    {
        EscalationOutcome outcome;
        string result;
        try
        {
            (outcome, result) = await ActAsync(firingId, candidate, changed, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Escalation firing {FiringId} failed", firingId);
            (outcome, result) = (EscalationOutcome.Failed, ex.Message);
        }

        await store.CompleteAsync(firingId, outcome, result, clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task<(EscalationOutcome, string)> ActAsync(long firingId, EscalationCandidate candidate, HashSet<Guid> changed, CancellationToken cancellationToken)
    {
        var rule = candidate.Rule;
        var ticket = await tickets.FindAsync(candidate.TicketId, cancellationToken);
        if (ticket is null)
        {
            return (EscalationOutcome.Failed, "the ticket is no longer in the mirror");
        }

        var headline = $"{ticket.TicketNumber} escalated {EscalationText.When(rule)}";
        switch (rule.Action)
        {
            case EscalationAction.NotifyAssignee or EscalationAction.NotifyRole or EscalationAction.NotifyUsers:
                var users = await store.UsersToNotifyAsync(rule, ticket.AssigneeId, cancellationToken);
                if (users.Count == 0)
                {
                    return (EscalationOutcome.Failed, rule.Action == EscalationAction.NotifyAssignee ? "the ticket has no assignee who uses the dashboard" : "nobody to notify");
                }

                foreach (var user in users)
                {
                    await notifications.AddAsync(
                        new DirectNotification(user, ticket.Id, NotificationType.Escalation, headline, ticket.Title, $"esc:{firingId}:{user}"), cancellationToken);
                }

                await live.NotificationsChangedAsync(users, cancellationToken);
                return (EscalationOutcome.Done, users.Count == 1 ? "notified 1 person" : $"notified {users.Count} people");

            case EscalationAction.PostToChannel:
                var channel = rule.ChannelId is { } channelId ? await chatChannels.GetAsync(channelId, cancellationToken) : null;
                if (channel is null)
                {
                    return (EscalationOutcome.Failed, "the chat channel no longer exists");
                }

                var notified = (await notifiedTickets.GetAsync([ticket.Id], cancellationToken)).GetValueOrDefault(ticket.Id);
                var shown = await disclosure.DiscloseAsync(new ChannelAudience.TeamChannel(channel.Id), notified, headline, ticket.Title, cancellationToken);
                var message = new ChatMessage(
                    shown.Title,
                    ticket.TicketNumber,
                    shown.TicketTitle,
                    NotificationTypeText.Status(ticket.Status),
                    NotificationTypeText.Priority(ticket.Priority),
                    ticket.AssigneeName,
                    links.Ticket(ticket.Id),
                    null);
                var now = clock.GetUtcNow();
                await chat.EnqueueAsync(
                    new ChatPost
                    {
                        DedupeKey = $"esc:{firingId}",
                        ChannelId = channel.Id,
                        TargetKey = $"channel:{channel.Id:N}",
                        Format = channel.Format,
                        PayloadJson = message.ToPayload(channel.Format),
                        Summary = message.Summary,
                        State = DeliveryState.Queued,
                        NextAttemptAt = now,
                        CreatedAt = now,
                    },
                    cancellationToken);
                return (EscalationOutcome.Done, $"posted to {channel.Name}");

            case EscalationAction.RaisePriority:
                if (rule.Priority is not { } priority)
                {
                    return (EscalationOutcome.Failed, "the rule names no priority");
                }

                if (ticket.Priority >= priority)
                {
                    return (EscalationOutcome.Done, $"priority already {NotificationTypeText.Priority(ticket.Priority)}");
                }

                var raised = TicketEditableFields.Of(ticket);
                await QueueAsync(firingId, candidate, ticket, raised, raised with { Priority = priority }, cancellationToken);
                changed.Add(ticket.Id);
                return (EscalationOutcome.Done, $"priority raised to {NotificationTypeText.Priority(priority)}");

            default:
                if (string.IsNullOrWhiteSpace(rule.AssigneeId))
                {
                    return (EscalationOutcome.Failed, "the rule names no agent");
                }

                if (string.Equals(ticket.AssigneeId, rule.AssigneeId, StringComparison.Ordinal))
                {
                    return (EscalationOutcome.Done, $"already assigned to {rule.AssigneeName ?? rule.AssigneeId}");
                }

                var before = TicketEditableFields.Of(ticket);
                await QueueAsync(firingId, candidate, ticket, before, before with { AssigneeId = rule.AssigneeId, AssigneeName = rule.AssigneeName }, cancellationToken);
                changed.Add(ticket.Id);
                return (EscalationOutcome.Done, $"reassigned to {rule.AssigneeName ?? rule.AssigneeId}");
        }
    }

    /// <summary>
    /// A change goes to Championship IT like any app edit: through the outbox, which the <c>ticket-outbox</c>
    /// job delivers in order and once (it reads the ticket first and sends only what is not there yet). The
    /// Idempotency-Key comes from the firing, so a firing taken up again queues nothing twice.
    /// </summary>
    private async Task QueueAsync(long firingId, EscalationCandidate candidate, Ticket ticket, TicketEditableFields before, TicketEditableFields after, CancellationToken cancellationToken)
    {
        var key = KeyOf(firingId);
        if ((await outbox.GetPendingUpdatesAsync([ticket.Id], cancellationToken)).Any(w => w.IdempotencyKey == key))
        {
            return;
        }

        var fields = after.ChangedFrom(before);
        await outbox.EnqueueAsync(
            new PendingTicketWrite
            {
                IdempotencyKey = key,
                Kind = PendingWriteKind.Update,
                TicketId = ticket.Id,
                ExternalTicketId = ticket.ExternalTicketId,
                TicketNumber = ticket.TicketNumber,
                Summary = $"{after.Describe(fields)} (escalation)",
                PayloadJson = OutboxPayload.Of(new QueuedUpdate(before, after)),
                AuthorUserId = null,
                QueuedAt = clock.GetUtcNow(),
                State = PendingWriteState.Pending,
            },
            UpdateTicketHandler.AuditAction,
            new
            {
                TicketId = ticket.Id,
                ticket.TicketNumber,
                Queued = true,
                By = "escalation",
                Escalation = new { FiringId = firingId, RuleId = candidate.Rule.Id, Rule = EscalationText.Describe(candidate.Rule) },
                Changes = fields.ToDictionary(f => f, f => new { Old = before.AuditValue(f), New = after.AuditValue(f) }),
            },
            CancellationToken.None);
    }

    /// <summary>A stable Idempotency-Key per firing.</summary>
    public static Guid KeyOf(long firingId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"escalation:{firingId}")).AsSpan(0, 16));
}
