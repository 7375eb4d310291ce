using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// Chart figures by plain SQL: the database groups and counts, and only the few result rows travel.
/// Both statements go in one batch, so one round trip.
/// </summary>
internal sealed class TicketStatsRepository(NpgsqlDataSource dataSource) : ITicketStatsRepository
{
    private const string StatusChart = "status";
    private const string PriorityChart = "priority";
    private const string CategoryChart = "category";
    private const string DepartmentChart = "department";

    // One GROUP BY per column rather than one GROUPING SETS over the table: each then reads only its
    // narrow partial index (index-only scan) instead of every wide row. At a million tickets that is
    // about 0.4 s instead of 2 s. Status and priority share the (status, priority) index. Ties in
    // the top-N ranking break by name, so the cut is stable.
    private const string CountsSql = """
        WITH counts AS (
            SELECT CASE WHEN GROUPING(status) = 0 THEN 'status' ELSE 'priority' END AS chart,
                   coalesce(status, priority) AS label, count(*)::int AS n
            FROM tickets_cache
            WHERE deleted_at IS NULL
            GROUP BY GROUPING SETS ((status), (priority))
            UNION ALL
            SELECT 'category', category, count(*)::int FROM tickets_cache WHERE deleted_at IS NULL GROUP BY category
            UNION ALL
            SELECT 'department', department, count(*)::int FROM tickets_cache WHERE deleted_at IS NULL GROUP BY department
        ), ranked AS (
            SELECT chart, label, n, row_number() OVER (PARTITION BY chart ORDER BY n DESC, label) AS rank
            FROM counts
        )
        SELECT chart, label, false AS is_other, n, rank
        FROM ranked
        WHERE chart IN ('status', 'priority') OR rank <= @top
        UNION ALL
        SELECT chart, NULL, true, sum(n)::int, max(rank)
        FROM ranked
        WHERE chart IN ('category', 'department') AND rank > @top
        GROUP BY chart
        ORDER BY chart, rank
        """;

    // generate_series gives every day of the window, so a day without tickets is a zero, not a gap.
    // The resolved_at partial index carries status: the resolved side is an index-only scan of the
    // window, as the created side is of the (created_at, id) index.
    private const string DailySql = """
        WITH days AS (
            SELECT @first_day + i AS day FROM generate_series(0, @days - 1) AS i
        ), created AS (
            SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
            FROM tickets_cache
            WHERE deleted_at IS NULL AND created_at >= @from AND created_at < @to
            GROUP BY 1
        ), resolved AS (
            SELECT (resolved_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
            FROM tickets_cache
            WHERE deleted_at IS NULL AND status = ANY(@resolved_statuses)
              AND resolved_at >= @from AND resolved_at < @to
            GROUP BY 1
        )
        SELECT days.day, coalesce(created.n, 0), coalesce(resolved.n, 0)
        FROM days
        LEFT JOIN created USING (day)
        LEFT JOIN resolved USING (day)
        ORDER BY days.day
        """;

    /// <summary>The resolved statuses as stored, for <c>status = ANY(…)</c> parameters (the KPIs use them too).</summary>
    internal static readonly string[] ResolvedStatuses = [.. TicketRules.ResolvedStatuses.Select(WireName<TicketStatus>.Of)];

    public async Task<TicketCharts> GetChartsAsync(DateOnly lastDay, int days, int topGroups, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(topGroups, 1);

        var firstDay = lastDay.AddDays(1 - days);
        await using var batch = dataSource.CreateBatch();

        var counts = new NpgsqlBatchCommand(CountsSql);
        counts.Parameters.Add(new NpgsqlParameter("top", NpgsqlDbType.Integer) { Value = topGroups });
        batch.BatchCommands.Add(counts);

        var daily = new NpgsqlBatchCommand(DailySql);
        daily.Parameters.Add(new NpgsqlParameter("first_day", NpgsqlDbType.Date) { Value = firstDay });
        daily.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Integer) { Value = days });
        daily.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = StartOfUtcDay(firstDay) });
        daily.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = StartOfUtcDay(lastDay.AddDays(1)) });
        daily.Parameters.Add(new NpgsqlParameter("resolved_statuses", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ResolvedStatuses });
        batch.BatchCommands.Add(daily);

        // Every status and priority is listed, zeros included, in the enums' (workflow, severity) order.
        var byStatus = Enum.GetValues<TicketStatus>().ToDictionary(s => s, _ => 0);
        var byPriority = Enum.GetValues<TicketPriority>().ToDictionary(p => p, _ => 0);
        var byCategory = new List<ChartCount>();
        var byDepartment = new List<ChartCount>();
        var series = new List<DailyTicketCounts>(days);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var label = reader.IsDBNull(1) ? null : reader.GetString(1);
            var isOther = reader.GetBoolean(2);
            var count = reader.GetInt32(3);
            switch (reader.GetString(0))
            {
                case StatusChart:
                    byStatus[WireName<TicketStatus>.Parse(label!)] = count;
                    break;
                case PriorityChart:
                    byPriority[WireName<TicketPriority>.Parse(label!)] = count;
                    break;
                case CategoryChart:
                    byCategory.Add(new ChartCount(isOther ? TicketCharts.OtherLabel : label ?? TicketCharts.NoCategoryLabel, count));
                    break;
                case DepartmentChart:
                    byDepartment.Add(new ChartCount(isOther ? TicketCharts.OtherLabel : label ?? TicketCharts.NoDepartmentLabel, count));
                    break;
            }
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            series.Add(new DailyTicketCounts(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return new TicketCharts(
            [.. byStatus.OrderBy(p => p.Key).Select(p => new ChartCount(TicketCharts.LabelOf(p.Key), p.Value))],
            [.. byPriority.OrderBy(p => p.Key).Select(p => new ChartCount(TicketCharts.LabelOf(p.Key), p.Value))],
            byCategory,
            byDepartment,
            series);
    }

    private static DateTimeOffset StartOfUtcDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
