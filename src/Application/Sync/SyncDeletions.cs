using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sync;

/// <summary>
/// How a sync learns of deletions. Absence alone never deletes: the remote's deletions feed (contract
/// 1.1) is applied with a watermark of its own, and after a full pass each live ticket it did not see
/// is only a candidate, marked deleted when <c>GET /tickets/{id}</c> answers 404 and stored again when
/// the remote still has it.
/// </summary>
internal sealed class SyncDeletions(
    SyncOptions options,
    ITicketingApi remote,
    ITicketRepository tickets,
    ISystemConfigRepository configs,
    TimeProvider clock,
    ILogger logger)
{
    private static int _loggedMissingFeed;

    /// <summary>
    /// Applies the deletions feed since the watermark (minus the overlap); returns false when the remote
    /// does not serve it (a 1.0 remote), which the run notes and skips.
    /// </summary>
    public async Task<bool> ApplyFeedAsync(TicketingSystemConfig config, SyncLog log, SyncDetails details, CancellationToken cancellationToken)
    {
        var since = config.DeletionsWatermark is { } watermark ? watermark - SyncEngine.Overlap : (DateTimeOffset?)null;
        details.DeletionsSince = since;
        details.DeletionsWatermarkAfter = config.DeletionsWatermark;
        try
        {
            await foreach (var batch in remote.StreamDeletedSinceAsync(since, options.PageSize, cancellationToken))
            {
                details.Retries += batch.Retries;
                foreach (var error in batch.Errors)
                {
                    details.AddFailure(error.ExternalId, error.Reason);
                }

                log.RecordsFailed += batch.Errors.Count;
                if (batch.Tombstones.Count == 0)
                {
                    continue;
                }

                var marked = await tickets.ApplyDeletionsAsync(
                    [.. batch.Tombstones.Select(t => new TicketDeletion(t.ExternalTicketId, t.DeletedAt))],
                    ChangeSource.Sync,
                    clock.GetUtcNow(),
                    cancellationToken);
                details.FeedDeletions += batch.Tombstones.Count;
                details.DeletedByFeed += marked;
                details.Deleted += marked;

                var newest = batch.Tombstones.Max(t => t.DeletedAt);
                if (details.DeletionsWatermarkAfter is null || newest > details.DeletionsWatermarkAfter)
                {
                    details.DeletionsWatermarkAfter = newest;
                    await configs.AdvanceDeletionsWatermarkAsync(newest, cancellationToken);
                }
            }

            details.DeletionsFeedServed = true;
            return true;
        }
        catch (RemoteNotSupportedException ex)
        {
            details.DeletionsFeedServed = false;
            details.Notes.Add("The remote does not serve the deletions feed (contract 1.0): deletions whose webhook was lost wait for a full sync.");
            if (Interlocked.Exchange(ref _loggedMissingFeed, 1) == 0)
            {
                logger.LogWarning("{Reason} Deletions whose webhook is lost reach the mirror only through a full sync", ex.Message);
            }

            return false;
        }
    }

    /// <summary>
    /// After a complete full pass that started at <paramref name="seenSince"/>: every live ticket it did
    /// not see is asked for by id, in rounds of <see cref="SyncOptions.DeletionCheckBatchSize"/> and at
    /// most <see cref="SyncOptions.MaxDeletionChecksPerRun"/>. 404 marks it deleted; a ticket the remote
    /// still has is stored. When the remote cannot answer, the rest stay live and are counted.
    /// </summary>
    public async Task CheckCandidatesAsync(DateTimeOffset seenSince, SyncDetails details, CancellationToken cancellationToken)
    {
        string? after = null;
        var budget = Math.Max(0, options.MaxDeletionChecksPerRun);
        var batchSize = Math.Max(1, options.DeletionCheckBatchSize);
        string? stopped = null;
        while (true)
        {
            var candidates = await tickets.GetUnseenAsync(seenSince, after, batchSize, cancellationToken);
            if (candidates.Count == 0)
            {
                break;
            }

            after = candidates[^1];
            details.DeletionCandidates += candidates.Count;
            if (stopped is not null || budget == 0)
            {
                details.CandidatesUnconfirmed += candidates.Count;
                continue;
            }

            var found = new List<Ticket>();
            var gone = new List<string>();
            var checkedCount = 0;
            foreach (var externalId in candidates)
            {
                if (budget == 0)
                {
                    break;
                }

                try
                {
                    var result = await remote.GetTicketAsync(externalId, cancellationToken);
                    details.Retries += result.Retries;
                    found.Add(result.Ticket);
                }
                catch (RemoteNotFoundException)
                {
                    gone.Add(externalId);
                }
                catch (RemoteUnavailableException ex)
                {
                    stopped = ex.Message;
                    break;
                }

                budget--;
                checkedCount++;
            }

            details.CandidatesUnconfirmed += candidates.Count - checkedCount;
            await StoreAsync(found, gone, details, cancellationToken);
        }

        if (details.CandidatesUnconfirmed > 0)
        {
            var why = stopped is null
                ? $"this run checks at most {options.MaxDeletionChecksPerRun:N0}"
                : $"Championship IT could not confirm them: {stopped}";
            details.Notes.Add($"{details.CandidatesUnconfirmed:N0} ticket(s) missing from the full pass stay live unconfirmed ({why}); the next full sync checks them again.");
            logger.LogWarning(
                "{Count} deletion candidate(s) left unconfirmed and live ({Why})",
                details.CandidatesUnconfirmed,
                why);
        }
    }

    private async Task StoreAsync(List<Ticket> found, List<string> gone, SyncDetails details, CancellationToken cancellationToken)
    {
        if (found.Count > 0)
        {
            var now = clock.GetUtcNow();
            var stored = await tickets.UpsertManyAsync(found, ChangeSource.Sync, now, touchUnchanged: true, cancellationToken);
            details.CandidatesStillLive += found.Count;
            details.Updated += stored.Updated;
            details.Inserted += stored.Inserted;
        }

        if (gone.Count > 0)
        {
            var marked = await tickets.MarkDeletedAsync(gone, ChangeSource.Sync, clock.GetUtcNow(), cancellationToken);
            details.CandidatesConfirmedDeleted += marked;
            details.Deleted += marked;
        }
    }
}
