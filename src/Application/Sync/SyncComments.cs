using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sync;

/// <summary>
/// Reads the comments and attachments of tickets changed since they were last read (by this sync or by a
/// webhook: a comment or an attachment moves its ticket's <c>updated_at</c>), at most
/// <see cref="SyncOptions.CommentTicketsPerRun"/> tickets per run (half the most recently changed, half the
/// longest waiting); the cache remembers the rest (<c>comments_synced_through</c>, which covers both). Each
/// ticket's comments are streamed page by page from the version last read completely (minus the overlap),
/// then its attachments listed (at most 100, one request); both are stored once by remote id, so a comment or
/// attachment whose webhook was lost appears after the next sync. A ticket counts as read only when both
/// were, so a failure between them leaves it waiting.
/// </summary>
internal sealed class SyncComments(
    SyncOptions options,
    ITicketingApi remote,
    ITicketRepository tickets,
    ITicketAttachmentRepository attachments,
    TimeProvider clock,
    ILogger logger)
{
    public async Task BackfillAsync(SyncDetails details, CancellationToken cancellationToken)
    {
        var limit = Math.Max(0, options.CommentTicketsPerRun);
        var pending = limit == 0 ? [] : await tickets.GetCommentBackfillAsync(limit, cancellationToken);

        // A few tickets are read from the remote at once (each read is a round trip or more, so one after
        // another a slow remote would make a run of 200 tickets last minutes); they are stored one after
        // another in the order chosen, so a remote that stops answering leaves the rest waiting as before.
        foreach (var group in pending.Chunk(Math.Max(1, options.CommentReadsInParallel)))
        {
            var reads = await Task.WhenAll(group.Select(item => ReadAsync(item, cancellationToken)));
            var stored = new List<CommentBackfillItem>(reads.Length);
            foreach (var read in reads)
            {
                if (read.Unavailable is { } unavailable)
                {
                    await MarkAsync(stored, details, cancellationToken);
                    details.Notes.Add($"Comments and attachments were read for {details.CommentTickets:N0} ticket(s), then Championship IT could not answer ({unavailable.Message}); the rest wait for the next sync.");
                    details.CommentTicketsPending = await tickets.CountCommentBackfillAsync(100_000, cancellationToken);
                    return;
                }

                await StoreAsync(read, details, cancellationToken);
                stored.Add(read.Item);
            }

            // Everything created up to the versions selected is stored now; a later change leaves a ticket pending.
            // The group's tickets are marked together (one statement, one run of the mirror's triggers); a failure
            // before this leaves them all pending, and reading them again stores nothing twice.
            await MarkAsync(stored, details, cancellationToken);
        }

        details.CommentTicketsPending = await tickets.CountCommentBackfillAsync(100_000, cancellationToken);
    }

    private async Task MarkAsync(List<CommentBackfillItem> stored, SyncDetails details, CancellationToken cancellationToken)
    {
        if (stored.Count > 0)
        {
            await tickets.MarkCommentsSyncedAsync(stored, cancellationToken);
            details.CommentTickets += stored.Count;
        }
    }

    private async Task<TicketRead> ReadAsync(CommentBackfillItem item, CancellationToken cancellationToken)
    {
        var since = item.CommentsSyncedThrough is { } through ? through - SyncEngine.Overlap : (DateTimeOffset?)null;
        var comments = new List<RemoteCommentBatch>();
        try
        {
            await foreach (var batch in remote.StreamCommentsAsync(item.ExternalTicketId, since, options.CommentPageSize, cancellationToken))
            {
                comments.Add(batch);
            }

            var listed = await remote.GetAttachmentsAsync(item.ExternalTicketId, cancellationToken);
            return new TicketRead(item, comments, listed, null);
        }
        catch (RemoteNotFoundException)
        {
            // The remote no longer has the ticket: its deletion reaches the cache through the feed or a
            // full sync; its comments and attachments are not asked for again until it changes.
            logger.LogDebug("Comments and attachments of {TicketId}: the remote has no such ticket", item.ExternalTicketId);
            return new TicketRead(item, comments, null, null);
        }
        catch (RemoteUnavailableException ex)
        {
            return new TicketRead(item, comments, null, ex);
        }
    }

    private async Task StoreAsync(TicketRead read, SyncDetails details, CancellationToken cancellationToken)
    {
        var ticketId = read.Item.ExternalTicketId;
        foreach (var batch in read.Comments)
        {
            details.CommentRetries += batch.Retries;
            foreach (var error in batch.Errors)
            {
                details.AddFailure(error.ExternalId, error.Reason);
            }

            details.CommentsAdded += await tickets.AddCommentsAsync(ticketId, batch.Comments, ChangeSource.Sync, clock.GetUtcNow(), cancellationToken);
        }

        if (read.Attachments is not { } listed)
        {
            return;
        }

        details.CommentRetries += listed.Retries;
        foreach (var error in listed.Errors)
        {
            details.AddFailure(error.ExternalId, error.Reason);
        }

        details.AttachmentsAdded += await attachments.AddAsync(ticketId, [.. listed.Attachments.Select(a => a.ToMirror())], cancellationToken);
    }

    /// <summary>What the remote said about one ticket: its new comments, its attachments (none when it is gone) or why it could not answer.</summary>
    private sealed record TicketRead(CommentBackfillItem Item, IReadOnlyList<RemoteCommentBatch> Comments, RemoteAttachmentList? Attachments, RemoteUnavailableException? Unavailable);
}
