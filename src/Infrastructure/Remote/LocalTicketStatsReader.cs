using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// The remote's stats computed over the local cache (<c>tickets_cache</c>, not deleted), for when the
/// remote cannot answer. Same meanings as the remote: "open" is the status open, "resolved" counts
/// resolved and closed, the average and SLA compliance are over resolved or closed tickets with a
/// resolution time (and a due date, for SLA). Null categories and departments are not counted by name.
/// </summary>
public sealed class LocalTicketStatsReader(TicketingDbContext db)
{
    // One round trip: GROUPING SETS gives a row per status, priority, category and department, plus
    // the grand total row (all grouping flags set) carrying the averages and the freshness.
    private const string Sql = """
        SELECT GROUPING(status)::int AS g_status, GROUPING(priority)::int AS g_priority,
               GROUPING(category)::int AS g_category, GROUPING(department)::int AS g_department,
               status, priority, category, department,
               count(*)::int AS n,
               avg(extract(epoch FROM resolved_at - created_at) / 3600.0)
                   FILTER (WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL)::float8 AS avg_hours,
               count(*) FILTER (WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL AND due_date IS NOT NULL)::int AS with_due,
               count(*) FILTER (WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL AND due_date IS NOT NULL
                                  AND resolved_at <= due_date)::int AS in_time,
               max(last_synced_at) AS newest_sync,
               (SELECT c.last_successful_sync FROM ticketing_system_config c ORDER BY c.created_at LIMIT 1) AS last_successful_sync
        FROM tickets_cache
        WHERE deleted_at IS NULL
        GROUP BY GROUPING SETS ((status), (priority), (category), (department), ())
        """;

    public async Task<RemoteTicketStats> ReadAsync(CancellationToken cancellationToken)
    {
        // Every status and priority is reported, with zeros, as the remote does.
        var byStatus = WireName<TicketStatus>.Names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        var byPriority = WireName<TicketPriority>.Names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        var byCategory = new Dictionary<string, int>(StringComparer.Ordinal);
        var byDepartment = new Dictionary<string, int>(StringComparer.Ordinal);
        int total = 0, withDue = 0, inTime = 0;
        double? avgHours = null;
        DateTimeOffset? newestSync = null, lastSuccessfulSync = null;

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt32(8);
                if (reader.GetInt32(0) == 0)
                {
                    byStatus[reader.GetString(4)] = count;
                }
                else if (reader.GetInt32(1) == 0)
                {
                    byPriority[reader.GetString(5)] = count;
                }
                else if (reader.GetInt32(2) == 0)
                {
                    AddNamed(byCategory, reader, 6, count);
                }
                else if (reader.GetInt32(3) == 0)
                {
                    AddNamed(byDepartment, reader, 7, count);
                }
                else
                {
                    total = count;
                    avgHours = reader.IsDBNull(9) ? null : Math.Round(reader.GetDouble(9), 1, MidpointRounding.AwayFromZero);
                    withDue = reader.GetInt32(10);
                    inTime = reader.GetInt32(11);
                    newestSync = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12);
                    lastSuccessfulSync = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return new RemoteTicketStats(
            total,
            byStatus.GetValueOrDefault("open"),
            byStatus.GetValueOrDefault("in_progress"),
            byStatus.GetValueOrDefault("resolved") + byStatus.GetValueOrDefault("closed"),
            avgHours,
            withDue == 0 ? null : Math.Round(100.0 * inTime / withDue, 1, MidpointRounding.AwayFromZero),
            byPriority,
            byStatus,
            byCategory,
            byDepartment)
        {
            FromLocalCache = true,
            LocalDataAsOf = lastSuccessfulSync ?? newestSync,
        };
    }

    private static void AddNamed(Dictionary<string, int> counts, DbDataReader reader, int ordinal, int count)
    {
        if (!reader.IsDBNull(ordinal))
        {
            counts[reader.GetString(ordinal)] = count;
        }
    }
}
