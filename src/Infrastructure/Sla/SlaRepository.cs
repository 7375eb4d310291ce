using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sla;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Sla;

internal sealed class SlaRepository(TicketingDbContext db, TimeProvider clock) : ISlaRepository
{
    public async Task<IReadOnlyList<SlaPolicy>> ListPoliciesAsync(CancellationToken cancellationToken) =>
        await db.Set<SlaPolicy>().AsNoTracking().OrderBy(p => p.Position).ThenBy(p => p.Name).ToListAsync(cancellationToken);

    public Task<SlaPolicy?> FindPolicyAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<SlaPolicy>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    // A few dozen rows: compared with .NET's case rules rather than the database's.
    public async Task<bool> PolicyNameTakenAsync(string name, Guid? exceptId, CancellationToken cancellationToken) =>
        (await db.Set<SlaPolicy>().AsNoTracking().Where(p => exceptId == null || p.Id != exceptId).Select(p => p.Name).ToListAsync(cancellationToken))
        .Contains(name, StringComparer.OrdinalIgnoreCase);

    public async Task SavePolicyAsync(SlaPolicy policy, bool isNew, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (policy.IsDefault)
        {
            await db.Set<SlaPolicy>().Where(p => p.IsDefault && p.Id != policy.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), cancellationToken);
        }

        if (isNew)
        {
            db.Set<SlaPolicy>().Add(policy);
        }

        await db.SaveChangesAsync(cancellationToken);
        await RequestInTransactionAsync($"policy “{policy.Name}” saved", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeletePolicyAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Set<SlaPolicy>().Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await RequestInTransactionAsync("a policy was deleted", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<IReadOnlyList<SlaCalendar>> ListCalendarsAsync(CancellationToken cancellationToken) =>
        await db.Set<SlaCalendar>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);

    public Task<SlaCalendar?> FindCalendarAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<SlaCalendar>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task<bool> CalendarNameTakenAsync(string name, Guid? exceptId, CancellationToken cancellationToken) =>
        (await db.Set<SlaCalendar>().AsNoTracking().Where(c => exceptId == null || c.Id != exceptId).Select(c => c.Name).ToListAsync(cancellationToken))
        .Contains(name, StringComparer.OrdinalIgnoreCase);

    public async Task SaveCalendarAsync(SlaCalendar calendar, bool isNew, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (isNew)
        {
            db.Set<SlaCalendar>().Add(calendar);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (!isNew && await db.Set<SlaPolicy>().AnyAsync(p => p.CalendarId == calendar.Id && p.BusinessHours, cancellationToken))
        {
            await RequestInTransactionAsync($"calendar “{calendar.Name}” changed", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteCalendarAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Set<SlaPolicy>().AnyAsync(p => p.CalendarId == id, cancellationToken))
        {
            return false;
        }

        return await db.Set<SlaCalendar>().Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task RequestFullRecomputeAsync(string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RequestInTransactionAsync(reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Ends any run under way (it would finish with stale rules) and queues a new one from the start;
    /// in the transaction that changed the rules, so a run is queued exactly when they change.
    /// </summary>
    private async Task RequestInTransactionAsync(string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE sla_recompute_runs SET finished_at = {now}, superseded = true WHERE finished_at IS NULL",
            cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO sla_recompute_runs (reason, requested_at, total)
            VALUES ({reason}, {now}, (SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL))
            """,
            cancellationToken);
    }
}
