using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Audit;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Admin;

internal sealed class AdminAuditReader(TicketingDbContext db) : IAdminAuditReader
{
    public async Task<AdminPage<AuditEntry>> QueryAsync(AuditFilter filter, int page, int size, CancellationToken cancellationToken)
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

        if (filter.From is { } from)
        {
            query = query.Where(a => a.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(a => a.OccurredAt < to);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * size).Take(size)
            .ToListAsync(cancellationToken);
        return new AdminPage<AuditEntry>(items, page, size, total);
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken) =>
        await db.AuditLog.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
}
