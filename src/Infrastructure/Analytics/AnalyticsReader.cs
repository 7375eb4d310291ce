using System.Collections.Concurrent;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Analytics;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Analytics;

/// <summary>
/// The analytics figures from the rollups (docs/decisions/120-analytics-rollups.md), in one batch, one
/// round trip: rows per local day and group, never rows per ticket. Only the overdue counts of the
/// workload, which move with the clock, read the mirror, on its due-date index; that and the histograms
/// run on connections of their own at the same time (decision 141).
/// </summary>
public sealed class AnalyticsReader(NpgsqlDataSource dataSource) : IAnalyticsReader, ISlaComplianceFigures
{
    /// <summary>How many zones' rollups are kept at most: each is a copy of the day rollups.</summary>
    public const int MaxZones = 24;

    public const string NoneLabel = "None";

    // The filter over a rollup row: an empty array means any.
    private const string Filter = $"""
        {MirrorFilter}
        AND (cardinality(@policies) = 0 OR policy_id = ANY(@policies))
        """;

    // The same over a mirror row, whose policy is in ticket_sla.
    private const string MirrorFilter = """
        (cardinality(@categories) = 0 OR category = ANY(@categories))
        AND (cardinality(@departments) = 0 OR department = ANY(@departments))
        AND (cardinality(@priorities) = 0 OR priority = ANY(@priorities))
        AND (cardinality(@assignees) = 0 OR assignee_id = ANY(@assignees))
        """;

    private const string DaysSql = $"""
        SELECT day, sum(created)::bigint, sum(resolved)::bigint, sum(backlog_in - resolved)::bigint
        FROM analytics_day_rollups
        WHERE zone = @zone AND day >= @previous_from AND day <= @to AND {Filter}
        GROUP BY day
        """;

    // The backlog is walked back from today's open tickets, so only the days after the period are read.
    private const string AfterSql = $"""
        SELECT coalesce(sum(backlog_in - resolved), 0)::bigint
        FROM analytics_day_rollups
        WHERE zone = @zone AND day > @to AND {Filter}
        """;

    private const string OpenSql = $"SELECT coalesce(sum(tickets), 0)::bigint FROM analytics_open_counts WHERE {Filter}";

    // GROUPING's bits say which set a row belongs to: 7 category, 11 priority, 13 department, 14 assignee, 15 all.
    private const string HistogramSql = $"""
        SELECT GROUPING(category, priority, department, assignee_id)::int, category, priority, department, assignee_id,
               bucket, sum(tickets)::bigint
        FROM analytics_resolution_hist
        WHERE zone = @zone AND day >= @from AND day <= @to AND {Filter}
        GROUP BY GROUPING SETS ((category, bucket), (priority, bucket), (department, bucket), (assignee_id, bucket), (bucket))
        """;

    private const string ResponseHistogramSql = $"""
        SELECT GROUPING(category, priority, department, assignee_id)::int, category, priority, department, assignee_id,
               bucket, sum(tickets)::bigint
        FROM analytics_response_hist
        WHERE zone = @zone AND day >= @from AND day <= @to AND {Filter}
        GROUP BY GROUPING SETS ((category, bucket), (priority, bucket), (department, bucket), (assignee_id, bucket), (bucket))
        """;

    // Tickets resolved in the period that had been reopened (docs/decisions/127-analytics-reopen-rate.md), by the
    // same groups; GROUPING's bits as in HistogramSql.
    private const string ReopenSql = $"""
        SELECT GROUPING(category, priority, department, assignee_id)::int, category, priority, department, assignee_id,
               0::smallint, coalesce(sum(reopened), 0)::bigint
        FROM analytics_reopen_rollups
        WHERE zone = @zone AND day >= @from AND day <= @to AND {Filter}
        GROUP BY GROUPING SETS ((category), (priority), (department), (assignee_id), ())
        """;

    private const string PoliciesSql = "SELECT id, name FROM sla_policies ORDER BY position, name";

    private const string AgingSql = $"""
        SELECT day, sum(open_created)::bigint
        FROM analytics_day_rollups
        WHERE zone = @zone AND day > @aging_from AND {Filter}
        GROUP BY day
        """;

    private const string OpenByAssigneeSql = $"""
        SELECT assignee_id, sum(tickets)::bigint FROM analytics_open_counts WHERE {Filter} GROUP BY assignee_id
        """;

    private const string ResolvedByAssigneeSql = $"""
        SELECT assignee_id, sum(resolved)::bigint
        FROM analytics_day_rollups
        WHERE zone = @zone AND day >= @from AND day <= @to AND {Filter}
        GROUP BY assignee_id
        """;

    // The list's own "overdue" (TicketListSql.OverdueCondition: breached by its SLA policy, else past the due date),
    // so a cell equals the list it opens; counted as its two disjoint halves, each on its own index, as the KPIs count
    // it (TicketListSql.OverdueCount) — looking every overdue ticket up by id took seconds at a million tickets.
    private const string OverdueByAssigneeSql = $"""
        SELECT assignee_id, sum(n)::bigint
        FROM (
            SELECT t.assignee_id, count(*) AS n
            FROM ticket_sla s1 JOIN tickets_cache t ON t.id = s1.ticket_id
            WHERE s1.is_open AND s1.state = 'breached' AND t.deleted_at IS NULL AND t.status = ANY(@active_statuses)
              AND {MirrorFilter} AND (cardinality(@policies) = 0 OR s1.policy_id = ANY(@policies))
            GROUP BY t.assignee_id
            UNION ALL
            SELECT x.assignee_id, count(*) AS n
            FROM tickets_cache x
            WHERE {TicketListSql.RemoteOverdue} AND {MirrorFilter} AND cardinality(@policies) = 0
            GROUP BY x.assignee_id) halves
        GROUP BY assignee_id
        """;

    private const string TopDepartmentsSql = $"""
        SELECT department, sum(created)::bigint
        FROM analytics_day_rollups
        WHERE zone = @zone AND day >= @from AND day <= @to AND {Filter}
        GROUP BY department
        HAVING sum(created) <> 0
        ORDER BY 2 DESC, 1 NULLS LAST
        LIMIT 10
        """;

    private const string AgentsSql = "SELECT id, name FROM remote_agents";

    // Per policy and month of resolution, from ticket_sla's states as the rollups keep them.
    private const string SlaSql = $"""
        SELECT m.month, m.policy_id, coalesce(p.name, 'Removed policy'), m.response_met, m.response_breached, m.resolution_met, m.resolution_breached
        FROM (
            SELECT date_trunc('month', day)::date AS month, policy_id,
                   sum(response_met)::bigint AS response_met, sum(response_breached)::bigint AS response_breached,
                   sum(resolution_met)::bigint AS resolution_met, sum(resolution_breached)::bigint AS resolution_breached
            FROM analytics_day_rollups
            WHERE zone = @zone AND day >= @from AND day <= @to AND policy_id IS NOT NULL AND {Filter}
            GROUP BY 1, 2
            HAVING sum(response_met) <> 0 OR sum(response_breached) <> 0 OR sum(resolution_met) <> 0 OR sum(resolution_breached) <> 0) m
        LEFT JOIN sla_policies p ON p.id = m.policy_id
        ORDER BY m.month, p.position, 3
        """;

    // The unfiltered view reads the one-dimension rollups (decision 132): the same figures, summed already
    // over every other dimension, so a day is one row per value instead of one per combination.
    private const string AllDaysSql = """
        SELECT day, created, resolved, backlog_in - resolved
        FROM analytics_dim_rollups
        WHERE zone = @zone AND dimension = 'all' AND day >= @previous_from AND day <= @to
        """;

    private const string AllAfterSql = """
        SELECT coalesce(sum(backlog_in - resolved), 0)::bigint
        FROM analytics_dim_rollups
        WHERE zone = @zone AND dimension = 'all' AND day > @to
        """;

    // A filter on one dimension alone (decision 141): the day figures are that dimension's rows for the chosen values
    // (disjoint, so their sum is the filtered figure), a few rows a day instead of every combination holding a value.
    private const string OneDimDaysSql = """
        SELECT day, sum(created)::bigint, sum(resolved)::bigint, sum(backlog_in - resolved)::bigint
        FROM analytics_dim_rollups
        WHERE zone = @zone AND dimension = @dimension AND key = ANY(@keys) AND day >= @previous_from AND day <= @to
        GROUP BY day
        """;

    private const string OneDimAfterSql = """
        SELECT coalesce(sum(backlog_in - resolved), 0)::bigint
        FROM analytics_dim_rollups
        WHERE zone = @zone AND dimension = @dimension AND key = ANY(@keys) AND day > @to
        """;

    private const string OneDimAgingSql = """
        SELECT day, sum(open_created)::bigint
        FROM analytics_dim_rollups
        WHERE zone = @zone AND dimension = @dimension AND key = ANY(@keys) AND day > @aging_from
        GROUP BY day
        """;

    // GROUPING's bits as HistogramSql returns them, from the dimension's name.
    private const string DimHistogramSelect = """
        SELECT CASE dimension WHEN 'category' THEN 7 WHEN 'priority' THEN 11 WHEN 'department' THEN 13 WHEN 'assignee' THEN 14 ELSE 15 END,
               CASE WHEN dimension = 'category' THEN key END, CASE WHEN dimension = 'priority' THEN key END,
               CASE WHEN dimension = 'department' THEN key END, CASE WHEN dimension = 'assignee' THEN key END,
               bucket, sum(tickets)::bigint
        FROM analytics_dim_hist
        WHERE zone = @zone AND day >= @from AND day <= @to
        """;

    private const string DimResolutionHistogramSql = $"{DimHistogramSelect} AND kind = 'resolution' GROUP BY dimension, key, bucket";

    private const string DimResponseHistogramSql = $"{DimHistogramSelect} AND kind = 'response' GROUP BY dimension, key, bucket";

    private const string AllAgingSql = """
        SELECT day, open_created FROM analytics_dim_rollups WHERE zone = @zone AND dimension = 'all' AND day > @aging_from
        """;

    private const string DimResolvedByAssigneeSql = """
        SELECT key, sum(resolved)::bigint
        FROM analytics_dim_rollups
        WHERE zone = @zone AND dimension = 'assignee' AND day >= @from AND day <= @to
        GROUP BY key
        """;

    private const string DimTopDepartmentsSql = """
        SELECT key, sum(created)::bigint
        FROM analytics_dim_rollups
        WHERE zone = @zone AND dimension = 'department' AND day >= @from AND day <= @to
        GROUP BY key
        HAVING sum(created) <> 0
        ORDER BY 2 DESC, 1 NULLS LAST
        LIMIT 10
        """;

    private const string DimSlaSql = """
        SELECT m.month, m.policy_id, coalesce(p.name, 'Removed policy'), m.response_met, m.response_breached, m.resolution_met, m.resolution_breached
        FROM (
            SELECT date_trunc('month', day)::date AS month, key::uuid AS policy_id,
                   sum(response_met)::bigint AS response_met, sum(response_breached)::bigint AS response_breached,
                   sum(resolution_met)::bigint AS resolution_met, sum(resolution_breached)::bigint AS resolution_breached
            FROM analytics_dim_rollups
            WHERE zone = @zone AND dimension = 'policy' AND day >= @from AND day <= @to AND key IS NOT NULL
            GROUP BY 1, 2
            HAVING sum(response_met) <> 0 OR sum(response_breached) <> 0 OR sum(resolution_met) <> 0 OR sum(resolution_breached) <> 0) m
        LEFT JOIN sla_policies p ON p.id = m.policy_id
        ORDER BY m.month, p.position, 3
        """;

    private readonly ConcurrentDictionary<string, bool> _kept = new(StringComparer.Ordinal);

    public string Basis => "by SLA policy";

    public async Task<string> PrepareZoneAsync(string zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_kept.ContainsKey(zone))
        {
            return zone;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM analytics_zones WHERE zone = @zone), (SELECT count(*) FROM analytics_zones)", connection))
        {
            exists.Parameters.AddWithValue("zone", zone);
            await using var reader = await exists.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetBoolean(0))
            {
                _kept[zone] = true;
                return zone;
            }

            if (reader.GetInt64(1) >= MaxZones)
            {
                return "UTC";
            }
        }

        // The first view in a new zone computes its rollups from the mirror once (seconds at a million tickets).
        await using (var add = new NpgsqlCommand("SELECT analytics_zone_add(@zone)", connection))
        {
            add.CommandTimeout = 600;
            add.Parameters.AddWithValue("zone", zone);
            await add.ExecuteNonQueryAsync(cancellationToken);
        }

        _kept[zone] = true;
        return zone;
    }

    public async Task<AnalyticsFigures> ReadAsync(AnalyticsScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var period = scope.Period;
        var previous = period.Previous();
        var agingFrom = scope.Today.AddDays(-AgingBoundaries.OlderFromDays);

        var all = scope.Filter.IsEmpty;
        var one = all ? null : OneDimension(scope.Filter);

        // The overdue counts read the mirror, the histograms the largest rollups, the rest the day rollups: three
        // connections, so the three run side by side.
        var overdue = ReadOverdueAsync(scope, cancellationToken);
        var histogramBatch = ReadHistogramBatchAsync(scope, all, cancellationToken);
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in new[]
                 {
                     all ? AllDaysSql : one is null ? DaysSql : OneDimDaysSql, all ? AllAfterSql : one is null ? AfterSql : OneDimAfterSql,
                     OpenSql,
                     all ? AllAgingSql : one is null ? AgingSql : OneDimAgingSql, OpenByAssigneeSql, all ? DimResolvedByAssigneeSql : ResolvedByAssigneeSql,
                     all ? DimTopDepartmentsSql : TopDepartmentsSql, AgentsSql, PoliciesSql,
                 })
        {
            var command = new NpgsqlBatchCommand(sql);
            if (sql is not AgentsSql and not PoliciesSql)
            {
                AddParameters(command.Parameters, scope);
                command.Parameters.Add(new NpgsqlParameter("previous_from", NpgsqlDbType.Date) { Value = previous.From });
                command.Parameters.Add(new NpgsqlParameter("aging_from", NpgsqlDbType.Date) { Value = agingFrom });
                if (one is { } o)
                {
                    command.Parameters.Add(new NpgsqlParameter("dimension", NpgsqlDbType.Text) { Value = o.Dimension });
                    command.Parameters.Add(TextArray("keys", o.Keys));
                }
            }

            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var deltas = new Dictionary<DateOnly, (long Created, long Resolved, long Delta)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deltas[reader.GetFieldValue<DateOnly>(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var after = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var openNow = reader.GetInt64(0);

        await reader.NextResultAsync(cancellationToken);
        var openByCreatedDay = new Dictionary<DateOnly, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            openByCreatedDay[reader.GetFieldValue<DateOnly>(0)] = reader.GetInt64(1);
        }

        var openByAssignee = await ReadKeyedAsync(reader, cancellationToken);
        var resolvedByAssignee = await ReadKeyedAsync(reader, cancellationToken);

        await reader.NextResultAsync(cancellationToken);
        var departments = new List<DimensionCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = Text(reader, 0);
            departments.Add(new DimensionCount(key, key ?? "No department", reader.GetInt64(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            agents[reader.GetString(0)] = reader.GetString(1);
        }

        await reader.NextResultAsync(cancellationToken);
        var policies = new List<PolicyOption>();
        while (await reader.ReadAsync(cancellationToken))
        {
            policies.Add(new PolicyOption(reader.GetGuid(0), reader.GetString(1)));
        }

        var (histograms, responseHistograms, reopened) = await histogramBatch;
        var overdueByAssignee = await overdue;

        string AssigneeName(string? id) => id is null ? "Unassigned" : agents.GetValueOrDefault(id, id);

        var days = Walk(period, openNow - after, deltas);
        var previousBacklogEnd = days.Count == 0 ? openNow - after : days[0].Backlog - deltas.GetValueOrDefault(period.From).Delta;
        var previousDays = Walk(previous, previousBacklogEnd, deltas);

        List<ResolutionTimes> Percentiles(Dictionary<(string Dimension, string? Key), long[]> counts) => counts
            .Select(h => new ResolutionTimes(
                h.Key.Dimension,
                h.Key.Key,
                h.Key.Dimension switch
                {
                    ResolutionBuckets.All => "All tickets",
                    ResolutionBuckets.Priority => h.Key.Key is { } p && WireName<TicketPriority>.TryParse(p, out var priority) ? priority.ToString() : h.Key.Key ?? NoneLabel,
                    ResolutionBuckets.Assignee => AssigneeName(h.Key.Key),
                    _ => h.Key.Key ?? NoneLabel,
                },
                h.Value.Sum(),
                ResolutionBuckets.Percentile(h.Value, 50),
                ResolutionBuckets.Percentile(h.Value, 90)))
            .OrderBy(r => r.Dimension, StringComparer.Ordinal)
            .ThenByDescending(r => r.Resolved)
            .ThenBy(r => r.Label, StringComparer.Ordinal)
            .ToList();

        var workload = openByAssignee.Keys
            .Union(resolvedByAssignee.Keys)
            .Union(overdueByAssignee.Keys)
            .Select(key => new AssigneeWorkload(
                key.Id,
                AssigneeName(key.Id),
                openByAssignee.GetValueOrDefault(key),
                overdueByAssignee.GetValueOrDefault(key),
                resolvedByAssignee.GetValueOrDefault(key)))
            .Where(w => w.Open != 0 || w.Overdue != 0 || w.ResolvedInPeriod != 0)
            .OrderByDescending(w => w.Open)
            .ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();

        var resolutionTimes = Percentiles(histograms);
        var reopens = resolutionTimes
            .Where(r => r.Resolved != 0)
            .Select(r => new ReopenRate(r.Dimension, r.Key, r.Label, r.Resolved, reopened.GetValueOrDefault((r.Dimension, r.Key))?.Sum() ?? 0))
            .ToList();

        return new AnalyticsFigures(days, previousDays, openNow, resolutionTimes, AgingBoundaries.Buckets(scope.Today, openNow, openByCreatedDay), workload, departments)
        {
            FirstResponseTimes = Percentiles(responseHistograms),
            Policies = policies,
            Reopens = reopens,
        };
    }

    /// <summary>The resolution and first-response histograms and the reopenings per group, in one batch of their own.</summary>
    private async Task<(Dictionary<(string Dimension, string? Key), long[]> Resolution, Dictionary<(string Dimension, string? Key), long[]> Response,
        Dictionary<(string Dimension, string? Key), long[]> Reopened)> ReadHistogramBatchAsync(AnalyticsScope scope, bool all, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in new[] { all ? DimResolutionHistogramSql : HistogramSql, all ? DimResponseHistogramSql : ResponseHistogramSql, ReopenSql })
        {
            var command = new NpgsqlBatchCommand(sql);
            AddParameters(command.Parameters, scope);
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var resolution = await ReadHistogramsAsync(reader, advance: false, cancellationToken);
        var response = await ReadHistogramsAsync(reader, advance: true, cancellationToken);
        var reopened = await ReadHistogramsAsync(reader, advance: true, cancellationToken);
        return (resolution, response, reopened);
    }

    /// <summary>The workload's overdue column per assignee, from the mirror (<see cref="OverdueByAssigneeSql"/>).</summary>
    private async Task<Dictionary<AssigneeKey, long>> ReadOverdueAsync(AnalyticsScope scope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OverdueByAssigneeSql);
        AddParameters(command.Parameters, scope);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = scope.Now.ToUniversalTime() });
        command.Parameters.Add(TicketStatusParameters.Active("active_statuses"));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new Dictionary<AssigneeKey, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values[new AssigneeKey(Text(reader, 0))] = reader.GetInt64(1);
        }

        return values;
    }

    public async Task<IReadOnlyList<SlaMonth>> ByMonthAsync(AnalyticsScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = dataSource.CreateCommand(scope.Filter.IsEmpty ? DimSlaSql : SlaSql);
        AddParameters(command.Parameters, scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var months = new List<SlaMonth>();
        while (await reader.ReadAsync(cancellationToken))
        {
            months.Add(new SlaMonth(
                reader.GetFieldValue<DateOnly>(0), reader.GetGuid(1), reader.GetString(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return months;
    }

    /// <summary>
    /// Each day of <paramref name="period"/> with the backlog at its end, walked back from
    /// <paramref name="backlogAtEnd"/> (the backlog at the end of the period's last day).
    /// </summary>
    private static List<AnalyticsDay> Walk(AnalyticsPeriod period, long backlogAtEnd, Dictionary<DateOnly, (long Created, long Resolved, long Delta)> deltas)
    {
        var days = new AnalyticsDay[period.Days];
        var backlog = backlogAtEnd;
        for (var i = period.Days - 1; i >= 0; i--)
        {
            var day = period.From.AddDays(i);
            var figures = deltas.GetValueOrDefault(day);
            days[i] = new AnalyticsDay(day, figures.Created, figures.Resolved, backlog);
            backlog -= figures.Delta;
        }

        return [.. days];
    }

    /// <summary>
    /// The one dimension a filter narrows, with its values as <c>analytics_dim_rollups</c> keys them; null when it
    /// narrows several, or by SLA policy (keyed by id, and rare enough to read the fine rollups).
    /// </summary>
    private static (string Dimension, IReadOnlyList<string> Keys)? OneDimension(AnalyticsFilter filter)
    {
        var narrowed = new (string Dimension, IReadOnlyList<string> Keys)[]
            {
                ("category", filter.Categories),
                ("department", filter.Departments),
                ("priority", filter.Priorities.Select(WireName<TicketPriority>.Of).ToList()),
                ("assignee", filter.Assignees),
            }
            .Where(d => d.Keys.Count > 0)
            .ToList();
        return filter.Policies.Count == 0 && narrowed.Count == 1 ? narrowed[0] : null;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, AnalyticsScope scope)
    {
        var filter = scope.Filter;
        parameters.Add(new NpgsqlParameter("zone", NpgsqlDbType.Text) { Value = scope.Zone });
        parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = scope.Period.From });
        parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = scope.Period.To });
        parameters.Add(TextArray("categories", filter.Categories));
        parameters.Add(TextArray("departments", filter.Departments));
        parameters.Add(TextArray("priorities", filter.Priorities.Select(WireName<TicketPriority>.Of).ToList()));
        parameters.Add(TextArray("assignees", filter.Assignees));
        parameters.Add(new NpgsqlParameter("policies", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = filter.Policies.Distinct().ToArray() });
    }

    /// <summary>
    /// The next result (the current one, without <paramref name="advance"/>): a histogram per group (GROUPING bits as in
    /// <see cref="HistogramSql"/>).
    /// </summary>
    private static async Task<Dictionary<(string Dimension, string? Key), long[]>> ReadHistogramsAsync(DbDataReader reader, bool advance, CancellationToken cancellationToken)
    {
        if (advance)
        {
            await reader.NextResultAsync(cancellationToken);
        }

        var histograms = new Dictionary<(string Dimension, string? Key), long[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (dimension, key) = reader.GetInt32(0) switch
            {
                7 => (ResolutionBuckets.Category, Text(reader, 1)),
                11 => (ResolutionBuckets.Priority, Text(reader, 2)),
                13 => (ResolutionBuckets.Department, Text(reader, 3)),
                14 => (ResolutionBuckets.Assignee, Text(reader, 4)),
                _ => (ResolutionBuckets.All, null),
            };
            if (!histograms.TryGetValue((dimension, key), out var counts))
            {
                histograms[(dimension, key)] = counts = new long[ResolutionBuckets.Count];
            }

            counts[Math.Clamp(reader.GetInt16(5), (short)0, (short)(ResolutionBuckets.Count - 1))] += reader.GetInt64(6);
        }

        return histograms;
    }

    private static NpgsqlParameter TextArray(string name, IReadOnlyList<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Distinct(StringComparer.Ordinal).ToArray() };

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task<Dictionary<AssigneeKey, long>> ReadKeyedAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken);
        var values = new Dictionary<AssigneeKey, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values[new AssigneeKey(Text(reader, 0))] = reader.GetInt64(1);
        }

        return values;
    }

    private readonly record struct AssigneeKey(string? Id);
}
