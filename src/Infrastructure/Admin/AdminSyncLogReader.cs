using Microsoft.EntityFrameworkCore;
using Npgsql;
using Ticketing.Application.Admin;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Admin;

internal sealed class AdminSyncLogReader(TicketingDbContext db, NpgsqlDataSource dataSource) : IAdminSyncLogReader
{
    // Webhook rows (one per minute) are counted apart: beside the runs they would swamp the success rate.
    private const string DailySql = """
        SELECT (started_at AT TIME ZONE $2)::date AS day,
               count(*) FILTER (WHERE sync_type <> 'webhook' AND status <> 'in_progress') AS runs,
               count(*) FILTER (WHERE sync_type <> 'webhook' AND status IN ('success', 'partial')) AS succeeded,
               count(*) FILTER (WHERE sync_type <> 'webhook' AND status = 'failed') AS failed,
               avg(extract(epoch FROM completed_at - started_at) * 1000)
                   FILTER (WHERE sync_type <> 'webhook' AND completed_at IS NOT NULL) AS average_ms,
               coalesce(sum(records_processed) FILTER (WHERE sync_type <> 'webhook'), 0) AS records,
               coalesce(sum(records_processed) FILTER (WHERE sync_type = 'webhook'), 0) AS webhook_messages
        FROM ticket_sync_log
        WHERE started_at >= $1
        GROUP BY 1
        ORDER BY 1
        """;

    public async Task<AdminPage<SyncLog>> QueryAsync(SyncLogFilter filter, int page, int size, CancellationToken cancellationToken)
    {
        var query = db.SyncLogs.AsNoTracking();
        if (filter.Type is { } type)
        {
            query = query.Where(l => l.SyncType == type);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(l => l.Status == status);
        }

        if (filter.From is { } from)
        {
            query = query.Where(l => l.StartedAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(l => l.StartedAt < to);
        }

        var total = await query.CountAsync(cancellationToken);
        page = AdminTime.PageWithin(page, total, size);
        var items = await query
            .OrderByDescending(l => l.StartedAt).ThenByDescending(l => l.Id)
            .Skip(AdminTime.Offset(page, size)).Take(size)
            .ToListAsync(cancellationToken);
        return new AdminPage<SyncLog>(items, page, size, total);
    }

    public Task<SyncLog?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.SyncLogs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);

    public async Task<IReadOnlyList<SyncDay>> DailyAsync(DateTimeOffset since, string zone, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DailySql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = zone });
        var days = new List<SyncDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new SyncDay(
                reader.GetFieldValue<DateOnly>(0),
                (int)reader.GetInt64(1),
                (int)reader.GetInt64(2),
                (int)reader.GetInt64(3),
                reader.IsDBNull(4) ? null : (double)reader.GetDecimal(4),
                reader.GetInt64(5),
                reader.GetInt64(6)));
        }

        return days;
    }
}
