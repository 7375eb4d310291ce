using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Sync;

/// <summary>
/// Reads the comments and attachments of changed tickets once a sync run has stored them (decision 116),
/// so a run is complete, and its lock free for the next, as soon as its tickets are in the mirror. Under a
/// lock of its own, so two instances never read the same ticket twice. What it read is added to the
/// details of the run it follows (the admin's sync log: its state, counts and <c>step_ms.comments</c>),
/// never to the run's duration. Resumable: a ticket counts as read only once both its comments and its
/// attachments are stored (<c>comments_synced_through</c>), so whatever stops it leaves the rest waiting.
/// </summary>
public sealed class CommentBackfill(
    IOptions<SyncOptions> options,
    ITicketingApi remote,
    ITicketRepository tickets,
    ITicketAttachmentRepository attachments,
    ISyncLogRepository logs,
    ISystemConfigRepository configs,
    ICommentBackfillLock backfillLock,
    TimeProvider clock,
    ILogger<CommentBackfill> logger)
{
    private readonly SyncComments _comments = new(options.Value, remote, tickets, attachments, clock, logger);

    /// <summary>
    /// Reads after the run <paramref name="runId"/>, or after the latest finished run when null (the
    /// schedule's catch-up). Reads nothing when that run failed, its remote serves no comments (1.0), the
    /// integration is off, or another instance is reading now (then the run's details say so).
    /// </summary>
    public async Task<CommentBackfillResult> RunAsync(Guid? runId, CancellationToken cancellationToken)
    {
        if (options.Value.CommentTicketsPerRun <= 0 || await configs.GetAsync(cancellationToken) is not { IsActive: true })
        {
            return CommentBackfillResult.Nothing;
        }

        await using var lease = await backfillLock.TryAcquireAsync(cancellationToken);
        if (lease is not null)
        {
            // Holding the lock, nobody is reading: a run that still says "being read" lost its reader with its process.
            await logs.MarkCommentReadingsStoppedAsync(
                "Reading comments and attachments stopped with the app's process; the rest were left for the next backfill.", cancellationToken);
        }

        // Read under the lock: a backfill that just finished may have added to the same run's details.
        var run = runId is { } id ? await logs.GetAsync(id, cancellationToken) : await logs.GetLatestFinishedAsync(cancellationToken);
        var details = run is null ? null : SyncDetails.FromJson(run.DetailsJson);
        if (run is null || details is null || run.Status is SyncStatus.Failed or SyncStatus.InProgress || details.DeletionsFeedServed != true)
        {
            return CommentBackfillResult.Nothing;
        }

        if (lease is null)
        {
            if (details.CommentsState == SyncDetails.CommentsWaiting)
            {
                details.CommentsState = SyncDetails.CommentsBusy;
                details.Notes.Add("Another instance was reading comments and attachments when this run ended; the tickets it changed are read by that one or the next.");
                await logs.UpdateDetailsAsync(run.Id, details.ToJson(), cancellationToken);
            }

            return CommentBackfillResult.ReadingElsewhere;
        }

        var (ticketsBefore, commentsBefore, attachmentsBefore) = (details.CommentTickets, details.CommentsAdded, details.AttachmentsAdded);
        details.CommentsState = SyncDetails.CommentsReading;
        await logs.UpdateDetailsAsync(run.Id, details.ToJson(), cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await _comments.BackfillAsync(details, cancellationToken);
            details.CommentsState = SyncDetails.CommentsRead;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            details.CommentsState = SyncDetails.CommentsInterrupted;
            details.Notes.Add("Reading comments and attachments stopped because the app is shutting down; the rest wait for the next sync.");
            await SaveAsync(run.Id, details, stopwatch);
            throw;
        }
        catch (Exception ex)
        {
            // The run's tickets are stored already; what was not read waits for the next backfill.
            logger.LogError(ex, "Reading comments and attachments after sync {SyncId} failed", run.Id);
            details.CommentsState = SyncDetails.CommentsInterrupted;
            details.Notes.Add($"Reading comments and attachments failed unexpectedly ({ex.GetType().Name}: {ex.Message}); the rest wait for the next sync.");
        }

        await SaveAsync(run.Id, details, stopwatch);
        var result = new CommentBackfillResult(
            true,
            details.CommentTickets - ticketsBefore,
            details.CommentsAdded - commentsBefore,
            details.AttachmentsAdded - attachmentsBefore,
            details.CommentTicketsPending);
        logger.LogInformation(
            "Comments and attachments after sync {SyncId}: {Tickets} tickets read, {Comments} comments and {Attachments} attachments added, {Pending} tickets waiting, in {Ms} ms",
            run.Id, result.Tickets, result.CommentsAdded, result.AttachmentsAdded, result.Pending, stopwatch.ElapsedMilliseconds);
        return result;
    }

    private async Task SaveAsync(Guid runId, SyncDetails details, Stopwatch stopwatch)
    {
        details.AddStep("comments", stopwatch.Elapsed);
        await logs.UpdateDetailsAsync(runId, details.ToJson(), CancellationToken.None);
    }
}

/// <summary>What one comments backfill read: tickets, new comments and attachments, and tickets still waiting.</summary>
public sealed record CommentBackfillResult(bool Ran, int Tickets, int CommentsAdded, int AttachmentsAdded, int Pending, bool Busy = false)
{
    public static readonly CommentBackfillResult Nothing = new(false, 0, 0, 0, 0);

    public static readonly CommentBackfillResult ReadingElsewhere = new(false, 0, 0, 0, 0, Busy: true);
}
