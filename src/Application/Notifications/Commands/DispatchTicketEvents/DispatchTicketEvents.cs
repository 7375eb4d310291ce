using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Notifications.Commands.DispatchTicketEvents;

/// <summary>
/// Handles one batch of recorded ticket events: decides who hears of what (<see cref="NotificationRules"/>),
/// folds each reader's changes to a ticket into one notification (<see cref="NotificationFolding"/>),
/// and stores the notifications and the events' being handled in one transaction — so every event
/// is told once, whatever crashes, retries or other instances do. Then open pages are told. Sent by
/// the dispatcher's background loop; returns how many events it handled (0: none were waiting).
/// </summary>
public sealed record DispatchTicketEventsCommand(int BatchSize = DispatchTicketEventsCommand.DefaultBatchSize) : ICommand<int>, ISystemRequest
{
    public const int DefaultBatchSize = 500;

    /// <summary>The most tickets one batch names to open pages; a page that must not miss its ticket asks anyway when a batch names this many.</summary>
    public const int MaxNotices = 20;
}

public sealed class DispatchTicketEventsValidator : AbstractValidator<DispatchTicketEventsCommand>
{
    public DispatchTicketEventsValidator() => RuleFor(c => c.BatchSize).InclusiveBetween(1, 5000);
}

public sealed class DispatchTicketEventsHandler(
    ITicketEventFeed feed,
    ILiveUpdates live,
    TimeProvider clock,
    ILogger<DispatchTicketEventsHandler> logger)
    : ICommandHandler<DispatchTicketEventsCommand, int>
{
    public async ValueTask<int> Handle(DispatchTicketEventsCommand command, CancellationToken cancellationToken)
    {
        IReadOnlyList<TicketEventContext> events;
        IReadOnlyList<NotificationWrite> writes;
        await using (var claim = await feed.ClaimAsync(command.BatchSize, cancellationToken))
        {
            events = claim.Events;
            if (events.Count == 0)
            {
                return 0;
            }

            var changes = events
                .SelectMany(e => NotificationRules.For(e, claim.WatchingSince).Select(r => (Event: e, Reader: r)))
                .ToList();
            var open = changes.Count == 0
                ? []
                : await claim.GetOpenNotificationsAsync(
                    [.. changes.Select(c => (c.Event.TicketId, c.Reader.UserId)).Distinct()],
                    changes.Min(c => c.Event.RecordedAt),
                    cancellationToken);
            writes = NotificationFolding.Fold(changes, open);
            await claim.CompleteAsync(writes, clock.GetUtcNow(), cancellationToken);
        }

        logger.LogDebug("Handled {Events} ticket events into {Notifications} notification writes", events.Count, writes.Count);
        await TellOpenPagesAsync(events, writes, cancellationToken);
        return events.Count;
    }

    private async Task TellOpenPagesAsync(IReadOnlyList<TicketEventContext> events, IReadOnlyList<NotificationWrite> writes, CancellationToken cancellationToken)
    {
        try
        {
            var notices = events
                .GroupBy(c => c.TicketId)
                .Select(g => g.Last())
                .Take(DispatchTicketEventsCommand.MaxNotices)
                .Select(c => new TicketChangeNotice(c.TicketId, c.TicketNumber, c.Type switch
                {
                    TicketEventType.Created => $"{c.TicketNumber} was created",
                    TicketEventType.StatusChanged => $"{c.TicketNumber} is now {Lower(NotificationFold.StatusLabel(c.NewValue))}",
                    TicketEventType.AssignmentChanged => $"{c.TicketNumber} was reassigned",
                    TicketEventType.CommentAdded => $"New comment on {c.TicketNumber}",
                    TicketEventType.Deleted => $"{c.TicketNumber} was deleted",
                    TicketEventType.Updated => $"{c.TicketNumber} was updated",
                    _ => $"{c.TicketNumber} changed",
                }))
                .ToList();
            await live.TicketsChangedAsync(notices, cancellationToken);
            if (writes.Count > 0)
            {
                await live.NotificationsChangedAsync([.. writes.Select(w => w.UserId).Distinct(StringComparer.Ordinal)], cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Live updates are a convenience: the notifications are committed whether or not a page hears of it.
            logger.LogWarning(ex, "Could not tell open pages about ticket changes");
        }
    }

    private static string Lower(string label) => label.Length == 0 ? label : char.ToLowerInvariant(label[0]) + label[1..];
}
