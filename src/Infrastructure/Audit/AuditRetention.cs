using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Audit;

/// <summary>
/// The one way entries leave the audit log: the retention job removes those older than its cut-off,
/// oldest first, after appending a checkpoint entry (<see cref="CheckpointAction"/>) that names the last
/// removed entry's sequence and hash, so the chain can still be verified from there. The DELETE passes
/// the append-only trigger only because the transaction names that sequence in
/// <see cref="AuditChainSql.PruneThroughSetting"/>; it happens under the chain's lock, so no entry is
/// appended in between.
/// </summary>
internal sealed class AuditRetention(TicketingDbContext db, AuditLog audit) : IAuditRetention
{
    public const string CheckpointAction = "audit.pruned";

    /// <summary>Removes every entry older than <paramref name="before"/> (and any older in sequence); returns how many.</summary>
    public async Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.AuditChain})", ct);
            var last = await db.Database
                .SqlQuery<Through>($"SELECT seq AS \"Sequence\", encode(hash, 'hex') AS \"Hash\" FROM audit_log WHERE occurred_at < {before.ToUniversalTime()} ORDER BY seq DESC LIMIT 1")
                .ToListAsync(ct);
            if (last is not [var through])
            {
                return 0L;
            }

            var count = await db.AuditLog.LongCountAsync(a => a.Sequence <= through.Sequence, ct);
            db.AuditLog.Add(audit.Entry(CheckpointAction, "audit_log", null, new
            {
                through_seq = through.Sequence,
                through_hash = through.Hash,
                removed = count,
                older_than = before.ToUniversalTime(),
            }));
            await db.SaveChangesAsync(ct);

            await db.Database.ExecuteSqlAsync($"SELECT set_config({AuditChainSql.PruneThroughSetting}, {through.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}, true)", ct);
            await db.Database.ExecuteSqlAsync($"DELETE FROM audit_log WHERE seq <= {through.Sequence}", ct);
            await transaction.CommitAsync(ct);
            return count;
        }, cancellationToken);
    }

    private sealed record Through(long Sequence, string Hash);
}
