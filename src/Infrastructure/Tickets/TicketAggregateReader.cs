using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// Every count and average over the ticket mirror (<c>tickets_cache</c>, live rows) in one place:
/// the KPIs, the charts, the remote stats fallback and the metrics gauge read their figures here.
/// Each figure is a narrow statement of its own that PostgreSQL answers from one partial index alone
/// (an index-only scan, a fraction of the table's pages) rather than one aggregate over every wide
/// row; the statements a caller asks for go in one batch, so one round trip.
/// </summary>
public sealed class TicketAggregateReader(NpgsqlDataSource dataSource)
{
    // Index-only on the (status, priority) index.
    private const string CountsSql =
        "SELECT status, priority, count(*)::int FROM tickets_cache WHERE deleted_at IS NULL GROUP BY status, priority";

    // Index-only on the resolved_at index, which carries created_at, due_date and status for this.
    private const string ResolutionSql = """
        SELECT avg(date_part('epoch', resolved_at - created_at)) / 3600.0,
               count(*) FILTER (WHERE due_date IS NOT NULL)::int,
               count(*) FILTER (WHERE due_date IS NOT NULL AND resolved_at <= due_date)::int
        FROM tickets_cache
        WHERE deleted_at IS NULL AND resolved_at IS NOT NULL AND status = ANY(@resolved_statuses)
        """;

    // Each on the column's own index. Ties break by value, so a top-N cut is stable; NULL sorts last.
    private const string CategoriesSql =
        "SELECT category, count(*)::int FROM tickets_cache WHERE deleted_at IS NULL GROUP BY category ORDER BY 2 DESC, 1";

    private const string DepartmentsSql =
        "SELECT department, count(*)::int FROM tickets_cache WHERE deleted_at IS NULL GROUP BY department ORDER BY 2 DESC, 1";

    // generate_series gives every day of the window, so a day without tickets is a zero, not a gap.
    // The created side is an index-only scan of the window on the (created_at, id) index, the
    // resolved side on the resolved_at index.
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

    // Both counts walk the due-date index from "overdue" to "at risk", never the whole table.
    private const string SlaRiskSql = """
        SELECT count(*) FILTER (WHERE due_date < @now)::int, count(*) FILTER (WHERE due_date >= @now)::int
        FROM tickets_cache
        WHERE deleted_at IS NULL AND due_date < @until AND status = ANY(@active_statuses)
        """;

    // The newest last_synced_at is not indexed; its subquery runs only when the settings record no
    // successful sync, as COALESCE evaluates an argument only when it reaches it.
    private const string DataAsOfSql = """
        SELECT coalesce(
            (SELECT c.last_successful_sync FROM ticketing_system_config c ORDER BY c.created_at LIMIT 1),
            (SELECT max(t.last_synced_at) FROM tickets_cache t WHERE t.deleted_at IS NULL))
        """;

    public async Task<TicketAggregates> ReadAsync(TicketAggregateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(CountsSql));
        if (request.Resolution)
        {
            var resolution = new NpgsqlBatchCommand(ResolutionSql);
            resolution.Parameters.Add(TicketStatusParameters.Resolved("resolved_statuses"));
            batch.BatchCommands.Add(resolution);
        }

        if (request.Groups)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(CategoriesSql));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(DepartmentsSql));
        }

        if (request.Daily is { } window)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(window.Days, 1);
            var daily = new NpgsqlBatchCommand(DailySql);
            daily.Parameters.Add(new NpgsqlParameter("first_day", NpgsqlDbType.Date) { Value = window.FirstDay });
            daily.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Integer) { Value = window.Days });
            daily.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = StartOfUtcDay(window.FirstDay) });
            daily.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = StartOfUtcDay(window.FirstDay.AddDays(window.Days)) });
            daily.Parameters.Add(TicketStatusParameters.Resolved("resolved_statuses"));
            batch.BatchCommands.Add(daily);
        }

        if (request.SlaRisk is { } sla)
        {
            var risk = new NpgsqlBatchCommand(SlaRiskSql);
            risk.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = sla.Now.ToUniversalTime() });
            risk.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.TimestampTz) { Value = sla.Until.ToUniversalTime() });
            risk.Parameters.Add(TicketStatusParameters.Active("active_statuses"));
            batch.BatchCommands.Add(risk);
        }

        if (request.DataAsOf)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(DataAsOfSql));
        }

        // Results come back in the order the statements were added.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var counts = new List<StatusPriorityCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(ReadCount(reader));
        }

        var aggregates = new TicketAggregates(counts);
        if (request.Resolution)
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            aggregates = aggregates with
            {
                Resolution = new ResolutionFigures(reader.IsDBNull(0) ? null : reader.GetDouble(0), reader.GetInt32(1), reader.GetInt32(2)),
            };
        }

        if (request.Groups)
        {
            await reader.NextResultAsync(cancellationToken);
            var categories = await ReadGroupsAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            aggregates = aggregates with { ByCategory = categories, ByDepartment = await ReadGroupsAsync(reader, cancellationToken) };
        }

        if (request.Daily is { } days)
        {
            await reader.NextResultAsync(cancellationToken);
            var series = new List<DailyTicketCounts>(days.Days);
            while (await reader.ReadAsync(cancellationToken))
            {
                series.Add(new DailyTicketCounts(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetInt32(2)));
            }

            aggregates = aggregates with { Daily = series };
        }

        if (request.SlaRisk is not null)
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            aggregates = aggregates with { Overdue = reader.GetInt32(0), AtRisk = reader.GetInt32(1) };
        }

        if (request.DataAsOf)
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            aggregates = aggregates with { DataAsOf = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0) };
        }

        return aggregates;
    }

    /// <summary>
    /// The status × priority counts alone, synchronously: for a metrics callback, which cannot await.
    /// </summary>
    public IReadOnlyList<StatusPriorityCount> ReadCounts(TimeSpan timeout)
    {
        using var command = dataSource.CreateCommand(CountsSql);
        command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds);
        using var reader = command.ExecuteReader();
        var counts = new List<StatusPriorityCount>();
        while (reader.Read())
        {
            counts.Add(ReadCount(reader));
        }

        return counts;
    }

    private static StatusPriorityCount ReadCount(DbDataReader reader) =>
        new(WireName<TicketStatus>.Parse(reader.GetString(0)), WireName<TicketPriority>.Parse(reader.GetString(1)), reader.GetInt32(2));

    private static async Task<List<GroupCount>> ReadGroupsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var groups = new List<GroupCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new GroupCount(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt32(1)));
        }

        return groups;
    }

    private static DateTimeOffset StartOfUtcDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
