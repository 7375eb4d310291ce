using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Admin;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Audit;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Admin;

internal sealed class AdminAuditReader(TicketingDbContext db) : IAdminAuditReader
{
    public async Task<AdminPage<AuditEntry>> QueryAsync(AuditFilter filter, int page, int size, CancellationToken cancellationToken)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(cancellationToken);
        page = AdminTime.PageWithin(page, total, size);
        var items = await query
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Sequence)
            .Skip(AdminTime.Offset(page, size)).Take(size)
            .ToListAsync(cancellationToken);
        return new AdminPage<AuditEntry>(items, page, size, total);
    }

    public IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, CancellationToken cancellationToken) =>
        Filtered(filter).OrderBy(a => a.Sequence).AsAsyncEnumerable();

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken) =>
        await db.AuditLog.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var query = db.AuditLog.AsNoTracking();
        if (filter.Actor is { Length: > 0 } actor)
        {
            // The admin's text is matched literally: % and _ in it are not wildcards.
            var pattern = "%" + actor.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
            query = query.Where(a => EF.Functions.ILike(a.Actor, pattern));
        }

        if (filter.Action is { Length: > 0 } action)
        {
            query = query.Where(a => a.Action == action);
        }

        if (filter.TicketId is { Length: > 0 } ticket)
        {
            query = query.Where(a => (a.TargetType == "ticket" && a.TargetId == ticket) || a.TicketIds!.Contains(ticket));
        }

        if (filter.From is { } from)
        {
            query = query.Where(a => a.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(a => a.OccurredAt < to);
        }

        return query;
    }
}
