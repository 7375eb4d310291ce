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
        foreach (var item in pending)
        {
            var since = item.CommentsSyncedThrough is { } through ? through - SyncEngine.Overlap : (DateTimeOffset?)null;
            try
            {
                await foreach (var batch in remote.StreamCommentsAsync(item.ExternalTicketId, since, options.CommentPageSize, cancellationToken))
                {
                    details.Retries += batch.Retries;
                    foreach (var error in batch.Errors)
                    {
                        details.AddFailure(error.ExternalId, error.Reason);
                    }

                    details.CommentsAdded += await tickets.AddCommentsAsync(item.ExternalTicketId, batch.Comments, ChangeSource.Sync, clock.GetUtcNow(), cancellationToken);
                }

                var listed = await remote.GetAttachmentsAsync(item.ExternalTicketId, cancellationToken);
                details.Retries += listed.Retries;
                foreach (var error in listed.Errors)
                {
                    details.AddFailure(error.ExternalId, error.Reason);
                }

                details.AttachmentsAdded += await attachments.AddAsync(item.ExternalTicketId, [.. listed.Attachments.Select(a => a.ToMirror())], cancellationToken);
            }
            catch (RemoteNotFoundException)
            {
                // The remote no longer has the ticket: its deletion reaches the cache through the feed or a
                // full sync; its comments and attachments are not asked for again until it changes.
                logger.LogDebug("Comments and attachments of {TicketId}: the remote has no such ticket", item.ExternalTicketId);
            }
            catch (RemoteUnavailableException ex)
            {
                details.Notes.Add($"Comments and attachments were read for {details.CommentTickets:N0} ticket(s), then Championship IT could not answer ({ex.Message}); the rest wait for the next sync.");
                break;
            }

            // Everything created up to the version selected is stored now; a later change leaves it pending.
            await tickets.MarkCommentsSyncedAsync(item.ExternalTicketId, item.UpdatedAt, cancellationToken);
            details.CommentTickets++;
        }

        details.CommentTicketsPending = await tickets.CountCommentBackfillAsync(100_000, cancellationToken);
    }
}
