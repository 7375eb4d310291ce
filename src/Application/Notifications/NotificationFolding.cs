using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Notifications;

/// <summary>
/// Turns the changes readers are to hear of into notification writes: a reader's changes to one
/// ticket recorded within <see cref="NotificationFold.Window"/> of the first go into one notification —
/// the unread one still open for that ticket, if there is one, else a new one. A new notification is
/// keyed by its first event and reader (<c>evt:{event}:{user}</c>), so a repeated dispatch inserts
/// nothing; a change already in a notification (same event) is not added twice.
/// </summary>
public static class NotificationFolding
{
    public const int MaxMessageLength = 2000;

    public static IReadOnlyList<NotificationWrite> Fold(
        IEnumerable<(TicketEventContext Event, ReaderChange Reader)> changes,
        IEnumerable<OpenNotification> open)
    {
        var current = open
            .GroupBy(o => (o.TicketId, o.UserId))
            .ToDictionary(g => g.Key, g => Draft.Of(g.MaxBy(o => o.FoldUntil)!));
        var touched = new List<Draft>();
        foreach (var (e, reader) in changes.OrderBy(c => c.Event.EventId))
        {
            var key = (e.TicketId, reader.UserId);
            if (!current.TryGetValue(key, out var draft) || e.RecordedAt >= draft.FoldUntil)
            {
                draft = new Draft(null, e.TicketId, reader.UserId, e.RecordedAt + NotificationFold.Window, $"evt:{e.EventId}:{reader.UserId}", []);
                current[key] = draft;
            }

            if (draft.Changes.Any(c => c.EventId == reader.Change.EventId && c.Kind == reader.Change.Kind))
            {
                continue;
            }

            draft.Changes.Add(reader.Change);
            draft.TicketNumber = e.TicketNumber;
            draft.TicketTitle = e.Title;
            if (!draft.Touched)
            {
                draft.Touched = true;
                touched.Add(draft);
            }
        }

        return [.. touched.Select(d => d.ToWrite())];
    }

    private sealed class Draft(Guid? existingId, Guid ticketId, string userId, DateTimeOffset foldUntil, string dedupeKey, List<NotificationChange> changes)
    {
        public DateTimeOffset FoldUntil { get; } = foldUntil;

        public List<NotificationChange> Changes { get; } = changes;

        public bool Touched { get; set; }

        public string TicketNumber { get; set; } = "";

        public string TicketTitle { get; set; } = "";

        public static Draft Of(OpenNotification open) =>
            new(open.Id, open.TicketId, open.UserId, open.FoldUntil, "", [.. open.Changes]);

        public NotificationWrite ToWrite() => new(
            existingId,
            ticketId,
            userId,
            NotificationFold.TypeOf(Changes),
            NotificationFold.Title(TicketNumber, Changes),
            TicketTitle.Length <= MaxMessageLength ? TicketTitle : TicketTitle[..MaxMessageLength],
            [.. Changes.OrderBy(c => c.EventId)],
            FoldUntil,
            dedupeKey);
    }
}
