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
/// The counts, resolution figures, groups and daily series come from the counter tables the writing
/// transaction keeps (docs/decisions/060-kpi-counters.md): a few hundred rows whatever the size of
/// the mirror. Only the SLA risk, which depends on the current time, reads the mirror and <c>ticket_sla</c>,
/// on their indexes. The statements a caller asks for go in one batch, so one round trip.
/// </summary>
public sealed class TicketAggregateReader(NpgsqlDataSource dataSource)
{
    // A counter row can reach zero and stay; a zero is no group.
    private const string CountsSql =
        "SELECT status, priority, tickets::int FROM ticket_counts WHERE tickets <> 0";

    private const string ResolutionSql = """
        SELECT sum(resolution_seconds)::float8 / nullif(sum(resolved), 0) / 3600.0,
               coalesce(sum(resolved_with_due), 0)::int,
               coalesce(sum(resolved_by_due), 0)::int
        FROM ticket_counts
        WHERE status = ANY(@resolved_statuses)
        """;

    // Ties break by value, so a top-N cut is stable; NULL sorts last.
    private const string CategoriesSql =
        "SELECT value, tickets::int FROM ticket_group_counts WHERE dimension = 'category' AND tickets <> 0 ORDER BY 2 DESC, 1";

    private const string DepartmentsSql =
        "SELECT value, tickets::int FROM ticket_group_counts WHERE dimension = 'department' AND tickets <> 0 ORDER BY 2 DESC, 1";

    // generate_series gives every day of the window, so a day without tickets is a zero, not a gap.
    private const string DailySql = """
        WITH days AS (
            SELECT @first_day + i AS day FROM generate_series(0, @days - 1) AS i
        ), counted AS (
            SELECT day, sum(created)::int AS created,
                   coalesce(sum(resolved) FILTER (WHERE status = ANY(@resolved_statuses)), 0)::int AS resolved
            FROM ticket_day_counts
            WHERE day >= @first_day AND day < @first_day + @days
            GROUP BY day
        )
        SELECT days.day, coalesce(counted.created, 0), coalesce(counted.resolved, 0)
        FROM days
        LEFT JOIN counted USING (day)
        ORDER BY days.day
        """;

    // The list's own "overdue" and "at risk" (SLA policy figures, else Championship IT's due date), so a
    // KPI always equals the list it opens; each walks indexes (decision 160), never every open ticket.
    private const string SlaRiskSql =
        $"SELECT ({TicketListSql.OverdueCount})::int, ({TicketListSql.AtRiskCount})::int";

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
            daily.Parameters.Add(TicketStatusParameters.Resolved("resolved_statuses"));
            batch.BatchCommands.Add(daily);
        }

        if (request.SlaRisk is { } sla)
        {
            var risk = new NpgsqlBatchCommand(SlaRiskSql);
            risk.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = sla.Now.ToUniversalTime() });
            risk.Parameters.Add(new NpgsqlParameter("risk_until", NpgsqlDbType.TimestampTz) { Value = sla.Until.ToUniversalTime() });
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
}
