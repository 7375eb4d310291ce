using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Webhooks.Commands.ApplyWebhookBatch;

/// <summary>
/// Applies a batch of stored webhook messages to the cache, in the order they were received. The
/// background loop that claimed them sends it (only background work may), and records the answer in
/// the inbox and the webhook log in the transaction that holds the claim.
/// </summary>
public sealed record ApplyWebhookBatchCommand(IReadOnlyList<StoredWebhook> Messages) : ICommand<WebhookBatchResult>, ISystemRequest;

/// <summary>One message as the inbox stored it: its id, its <c>type</c> and its raw body.</summary>
public sealed record StoredWebhook(string WebhookId, string EventType, string Body);

/// <summary>A message that could not be applied, and why (the reason names no ticket data).</summary>
public sealed record SetAsideWebhook(string WebhookId, string Reason);

/// <summary>
/// What a batch did: for each message, in the command's order, why it was set aside (null when it was
/// applied or had nothing to apply); how many were applied; and the webhook log's counts by type.
/// </summary>
public sealed record WebhookBatchResult(
    DateTimeOffset AppliedAt,
    IReadOnlyList<string?> Errors,
    int Applied,
    IReadOnlyList<SetAsideWebhook> SetAside,
    IReadOnlyDictionary<string, int> CountsByType)
{
    /// <summary>The webhook log's key for messages of a type this app does not apply.</summary>
    public const string IgnoredKey = "ignored";

    /// <summary>The webhook log's key for a message stored with a type this app does not know.</summary>
    public const string OtherKey = "other";
}

/// <summary>
/// The rules for applying webhooks. Tickets first (a comment or an attachment needs its ticket), then
/// comments and attachments, then deletions, so a deletion wins whatever its place in the batch, as its
/// tombstone makes it win over any later batch too. An older version never overwrites a newer one, and a
/// comment or attachment is stored once (the repositories keep the latest <c>updated_at</c> and each
/// remote id), so applying a message twice is harmless. A deletion is dated by the body's
/// <c>timestamp</c> (when it happened at the remote), clamped to <see cref="DeletionTimeBounds"/>. Data
/// the cache refuses (<see cref="MirrorDataException"/>) sets that one message aside, never the batch;
/// any other failure fails the batch, which stays pending and is retried.
/// </summary>
public sealed class ApplyWebhookBatchHandler(
    ITicketRepository tickets,
    ITicketAttachmentRepository attachments,
    IRemoteTicketReader reader,
    TimeProvider clock)
    : ICommandHandler<ApplyWebhookBatchCommand, WebhookBatchResult>
{
    /// <summary>
    /// How far before the moment it is applied a deletion may be dated: the contract keeps tombstones 30
    /// days, and a signed message is received within minutes of being sent, so an older <c>timestamp</c>
    /// is a broken clock. A later one (a remote clock ahead) is taken as now: a tombstone dated in the
    /// future would refuse versions the remote really made after the deletion.
    /// </summary>
    public static readonly TimeSpan DeletionTimeBounds = TimeSpan.FromDays(30);

    /// <summary>The deletion time of a <c>ticket.deleted</c> stamped <paramref name="eventTime"/>, applied at <paramref name="now"/>.</summary>
    public static DateTimeOffset DeletionTime(DateTimeOffset? eventTime, DateTimeOffset now)
    {
        if (eventTime is not { } at || at > now)
        {
            return now;
        }

        var earliest = now - DeletionTimeBounds;
        return at < earliest ? earliest : at;
    }

    public async ValueTask<WebhookBatchResult> Handle(ApplyWebhookBatchCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changes = command.Messages.Select(m => WebhookChange.Read(m.Body, reader)).ToList();
        await ApplyAsync(changes, now, cancellationToken);
        return Summarize(command.Messages, changes, now);
    }

    private async Task ApplyAsync(List<WebhookChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var upserts = changes.Where(c => c.CarriesTicket).ToList();
        if (upserts.Count > 0)
        {
            try
            {
                // The repository keeps each ticket's latest version, so repeats within the batch are fine.
                await tickets.UpsertManyAsync([.. upserts.Select(c => c.Ticket!)], ChangeSource.Webhook, now, touchUnchanged: false, cancellationToken);
            }
            catch (MirrorDataException)
            {
                // One ticket the database refuses must not hold back the others: find it one by one.
                foreach (var change in upserts)
                {
                    await ApplyOneAsync(change, () => tickets.UpsertManyAsync([change.Ticket!], ChangeSource.Webhook, now, touchUnchanged: false, cancellationToken));
                }
            }
        }

        foreach (var change in changes.Where(c => c.Kind == WebhookChangeKind.Comment))
        {
            await ApplyOneAsync(change, () => tickets.AddCommentAsync(change.TicketId!, change.Comment!, ChangeSource.Webhook, now, cancellationToken));
        }

        foreach (var change in changes.Where(c => c.Kind == WebhookChangeKind.Attachment))
        {
            await ApplyOneAsync(change, () => attachments.AddAsync(change.TicketId!, [change.Attachment!], cancellationToken));
        }

        var deletions = changes.Where(c => c.Kind == WebhookChangeKind.Delete).ToList();
        if (deletions.Count > 0)
        {
            try
            {
                await tickets.ApplyDeletionsAsync([.. deletions.Select(c => Deletion(c, now))], ChangeSource.Webhook, now, cancellationToken);
            }
            catch (MirrorDataException)
            {
                foreach (var change in deletions)
                {
                    await ApplyOneAsync(change, () => tickets.ApplyDeletionsAsync([Deletion(change, now)], ChangeSource.Webhook, now, cancellationToken));
                }
            }
        }
    }

    private static TicketDeletion Deletion(WebhookChange change, DateTimeOffset now) =>
        new(change.TicketId!, DeletionTime(change.EventTime, now));

    private static async Task ApplyOneAsync(WebhookChange change, Func<Task> apply)
    {
        try
        {
            await apply();
        }
        catch (MirrorDataException ex)
        {
            change.Fail($"The cache refused it: {ex.Code} {ex.Reason}");
        }
    }

    private static WebhookBatchResult Summarize(IReadOnlyList<StoredWebhook> messages, List<WebhookChange> changes, DateTimeOffset now)
    {
        var byType = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var setAside = new List<SetAsideWebhook>();
        var applied = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var change = changes[i];
            var key = change.Kind == WebhookChangeKind.Ignored ? WebhookBatchResult.IgnoredKey
                : WebhookEventTypes.IsKnown(messages[i].EventType) ? messages[i].EventType
                : WebhookBatchResult.OtherKey;
            byType[key] = byType.GetValueOrDefault(key) + 1;
            if (change.Kind == WebhookChangeKind.Invalid)
            {
                setAside.Add(new SetAsideWebhook(messages[i].WebhookId, change.Error!));
            }
            else if (change.Kind != WebhookChangeKind.Ignored)
            {
                applied++;
            }
        }

        return new WebhookBatchResult(now, [.. changes.Select(c => c.Error)], applied, setAside, byType);
    }
}
