using Microsoft.EntityFrameworkCore;
using Npgsql;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Audit;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Tickets;

/// <remarks>
/// Every change of what is pending (a write queued, a write completed) evicts <see cref="CacheTag.Outbox"/>, so
/// the list can skip its pending-writes lookup while nothing waits.
/// </remarks>
internal sealed class TicketOutbox(TicketingDbContext db, AuditLog audit, ICacheInvalidator cache) : ITicketOutbox
{
    public async Task EnqueueAsync(PendingTicketWrite write, string auditAction, object auditDetails, CancellationToken cancellationToken)
    {
        // One SaveChanges: the write and its audit entry commit together or not at all.
        db.Outbox.Add(write);
        db.AuditLog.Add(audit.Entry(auditAction, "ticket", write.ExternalTicketId, auditDetails));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same form (its Idempotency-Key) was queued already: once is enough.
            db.ChangeTracker.Clear();
        }

        await cache.InvalidateAsync(CacheTag.Outbox);
    }

    public async Task<bool> EnqueueAttachmentAsync(PendingTicketWrite write, byte[] content, string auditAction, object auditDetails, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Outbox.Add(write);
        db.AuditLog.Add(audit.Entry(auditAction, "ticket", write.ExternalTicketId, auditDetails));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }

        db.AttachmentOutbox.Add(new PendingAttachmentContent { OutboxId = write.Id, Content = content });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await cache.InvalidateAsync(CacheTag.Outbox);
        return true;
    }

    public async Task<byte[]?> GetAttachmentContentAsync(long id, CancellationToken cancellationToken) =>
        await db.AttachmentOutbox.AsNoTracking().Where(c => c.OutboxId == id).Select(c => c.Content).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<PendingTicketWrite>> GetPendingAsync(int limit, CancellationToken cancellationToken) =>
        await db.Outbox.AsNoTracking()
            .Where(w => w.State == PendingWriteState.Pending)
            .OrderBy(w => w.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    public Task RecordAttemptAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        db.Outbox.Where(w => w.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Attempts, w => w.Attempts + 1).SetProperty(w => w.LastAttemptAt, at), cancellationToken);

    public Task RecordFailureAsync(long id, string reason, CancellationToken cancellationToken) =>
        db.Outbox.Where(w => w.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.LastError, Truncate(reason)), cancellationToken);

    public async Task CompleteAsync(
        long id, PendingWriteState state, string? reason, Guid? ticketId, string? externalTicketId, string? ticketNumber, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Outbox.Where(w => w.Id == id)
            .ExecuteUpdateAsync(
                s => s.SetProperty(w => w.State, state)
                    .SetProperty(w => w.LastError, reason == null ? null : Truncate(reason))
                    .SetProperty(w => w.TicketId, ticketId)
                    .SetProperty(w => w.ExternalTicketId, externalTicketId)
                    .SetProperty(w => w.TicketNumber, ticketNumber)
                    .SetProperty(w => w.CompletedAt, at),
                cancellationToken);
        await db.AttachmentOutbox.Where(c => c.OutboxId == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await cache.InvalidateAsync(CacheTag.Outbox);
    }

    public async Task<bool> AnyPendingAsync(CancellationToken cancellationToken) =>
        await db.Outbox.AnyAsync(w => w.State == PendingWriteState.Pending, cancellationToken);

    public async Task<IReadOnlyList<PendingTicketWrite>> GetPendingCreatesAsync(int limit, CancellationToken cancellationToken) =>
        await db.Outbox.AsNoTracking()
            .Where(w => w.State == PendingWriteState.Pending && w.Kind == PendingWriteKind.Create)
            .OrderByDescending(w => w.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PendingTicketWrite>> GetPendingUpdatesAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken)
    {
        if (ticketIds.Count == 0)
        {
            return [];
        }

        var ids = ticketIds.ToArray();
        return await db.Outbox.AsNoTracking()
            .Where(w => w.State == PendingWriteState.Pending && w.Kind != PendingWriteKind.Create && w.TicketId != null && ids.Contains(w.TicketId.Value))
            .OrderBy(w => w.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<(int Count, DateTimeOffset? OldestQueuedAt)> GetBacklogAsync(CancellationToken cancellationToken)
    {
        var pending = db.Outbox.AsNoTracking().Where(w => w.State == PendingWriteState.Pending);
        var count = await pending.CountAsync(cancellationToken);
        var oldest = count == 0 ? null : await pending.MinAsync(w => (DateTimeOffset?)w.QueuedAt, cancellationToken);
        return (count, oldest);
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
