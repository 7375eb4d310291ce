using Microsoft.EntityFrameworkCore;

namespace Ticketing.Infrastructure.Persistence;

/// <summary>
/// A sync run's own writes — its start and progress in the run's log row, the remote's versions it stores, its
/// watermark — commit without waiting for the WAL flush (decision 146). PostgreSQL's WAL is one ordered stream
/// and a flush always covers everything before it, so whatever a crash keeps of those commits is a prefix of
/// them: never the watermark without the tickets stored before it. What a crash loses the next run fetches
/// again (its watermark went with them). The run's outcome is written with an ordinary commit, which flushes
/// every earlier one. A synchronous commit waited for a disk flush (3–17 ms each on the shared machine); an
/// incremental run made six of them, a reconciliation three per page of 500.
/// </summary>
internal static class SyncCommits
{
    /// <summary>Only inside a transaction: it lasts until that transaction's commit.</summary>
    public const string WithoutFlushWait = "SET LOCAL synchronous_commit = off";

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction of its own that commits without waiting for the WAL
    /// flush; inside a transaction the caller began, the caller's commit decides.
    /// </summary>
    public static async Task<int> WithoutFlushWaitAsync(TicketingDbContext db, Func<CancellationToken, Task<int>> write, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await write(cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(WithoutFlushWait, cancellationToken);
        var rows = await write(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }
}
