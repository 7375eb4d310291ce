using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla.Prediction;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sla.Prediction;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Notifications;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Sla;

/// <summary>
/// Reads the mirror for the breach estimate set-based (durations grouped by stratum and quarter hour) and
/// writes <c>ticket_breach_risk</c> with its notifications in one transaction.
/// </summary>
internal sealed class BreachRiskStore(NpgsqlDataSource dataSource, ICacheInvalidator cache) : IBreachRiskStore
{
    /// <summary>A ticket under a policy is due when its policy says (nothing while paused); otherwise when Championship IT says.</summary>
    private const string DueSql = "CASE WHEN s.ticket_id IS NOT NULL THEN s.resolution_due_at ELSE t.due_date END";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<(BreachStratum Stratum, DurationSample Sample)>> ReadSamplesAsync(
        DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s.policy_id, t.category, t.priority, t.department, d.resolved,
                   round(extract(epoch FROM (CASE WHEN d.resolved THEN t.resolved_at ELSE @now END) - t.created_at) / 900.0) / 4.0 AS hours,
                   count(*)::int
            FROM tickets_cache t
            LEFT JOIN ticket_sla s ON s.ticket_id = t.id
            CROSS JOIN LATERAL (SELECT t.status = ANY(@resolved) AND t.resolved_at IS NOT NULL AND t.resolved_at <= @now AS resolved) d
            WHERE t.deleted_at IS NULL AND t.created_at >= @since AND t.created_at < @now
              AND (d.resolved OR t.status = ANY(@active))
            GROUP BY 1, 2, 3, 4, 5, 6
            """);
        command.Parameters.AddWithValue("since", since.ToUniversalTime());
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.Add(TicketStatusParameters.Resolved("resolved"));
        command.Parameters.Add(TicketStatusParameters.Active("active"));
        var samples = new List<(BreachStratum, DurationSample)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            samples.Add((Stratum(reader, 0), new DurationSample(reader.GetDouble(5), reader.GetBoolean(4), reader.GetInt32(6))));
        }

        return samples;
    }

    public async Task<IReadOnlyList<BreachRiskCandidate>> ReadCandidatesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT a.policy_id, a.category, a.priority, a.department, a.id, a.created_at, a.due_at, a.assignee_id, a.load
            FROM (
                SELECT t.id, s.policy_id, t.category, t.priority, t.department, t.created_at, {DueSql} AS due_at, t.assignee_id,
                       count(*) OVER (PARTITION BY t.assignee_id)::int AS load
                FROM tickets_cache t
                LEFT JOIN ticket_sla s ON s.ticket_id = t.id
                WHERE t.deleted_at IS NULL AND t.status = ANY(@active)) a
            WHERE a.due_at > @now AND a.created_at < @now
            """);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.Add(TicketStatusParameters.Active("active"));
        var candidates = new List<BreachRiskCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var assignee = reader.IsDBNull(7) ? null : reader.GetString(7);
            candidates.Add(new BreachRiskCandidate(
                reader.GetGuid(4),
                Stratum(reader, 0),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                assignee,
                assignee is null ? 0 : reader.GetInt32(8)));
        }

        return candidates;
    }

    public async Task<BreachRiskOutcome> WriteAsync(IReadOnlyList<BreachRiskRow> rows, double threshold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = rows.Select(r => r.TicketId).ToArray();

        await using (var delete = new NpgsqlCommand("DELETE FROM ticket_breach_risk WHERE ticket_id <> ALL(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", ids);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        // The crossing's time is part of the notification's unique key: a rerun while the ticket stays
        // likely keeps likely_since and so adds nothing; falling below and crossing again notifies anew.
        await using var command = new NpgsqlCommand(
            $"""
            WITH input AS (
                SELECT * FROM unnest(@ids, @probability, @share, @level, @samples, @target, @left, @load, @reason)
                    AS x(ticket_id, probability, similar_share, stratum_level, sample_size, target_hours, hours_left, load_factor, reason)
            ),
            upserted AS (
                INSERT INTO ticket_breach_risk AS r (ticket_id, probability, similar_share, stratum_level, sample_size, target_hours, hours_left,
                                                     load_factor, likely, likely_since, computed_at)
                SELECT i.ticket_id, i.probability, i.similar_share, i.stratum_level, i.sample_size, i.target_hours, i.hours_left, i.load_factor,
                       i.probability >= @threshold, CASE WHEN i.probability >= @threshold THEN @now END, @now
                FROM input i JOIN tickets_cache t ON t.id = i.ticket_id
                ON CONFLICT (ticket_id) DO UPDATE SET
                    probability = excluded.probability, similar_share = excluded.similar_share, stratum_level = excluded.stratum_level,
                    sample_size = excluded.sample_size, target_hours = excluded.target_hours, hours_left = excluded.hours_left,
                    load_factor = excluded.load_factor, likely = excluded.likely,
                    likely_since = CASE WHEN excluded.likely THEN coalesce(r.likely_since, excluded.likely_since) END,
                    computed_at = excluded.computed_at
                RETURNING r.ticket_id, r.likely, r.likely_since
            ),
            flagged AS (
                SELECT u.ticket_id, u.likely_since, t.ticket_number, t.assignee_id, i.reason
                FROM upserted u JOIN tickets_cache t ON t.id = u.ticket_id JOIN input i ON i.ticket_id = u.ticket_id
                WHERE u.likely
            ),
            recipients AS (
                SELECT f.ticket_id, f.likely_since, f.ticket_number, f.reason, a.user_id
                FROM flagged f CROSS JOIN LATERAL (SELECT {UserAgentSql.UserOf("f.assignee_id")} AS user_id) a
                WHERE a.user_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM ticket_followers m WHERE m.ticket_id = f.ticket_id AND m.user_id = a.user_id AND NOT m.following)
                UNION
                SELECT f.ticket_id, f.likely_since, f.ticket_number, f.reason, fl.user_id
                FROM flagged f JOIN ticket_followers fl ON fl.ticket_id = f.ticket_id AND fl.following
            )
            INSERT INTO ticket_notifications (id, ticket_id, user_id, notification_type, title, message, is_read, created_at, dedupe_key)
            SELECT gen_random_uuid(), ticket_id, user_id, '{WireName<Domain.Notifications.NotificationType>.Of(Domain.Notifications.NotificationType.SlaBreachLikely)}',
                   ticket_number || ' is likely to breach its SLA', left(reason, 2000), false, @now,
                   'sla_likely:' || ticket_id || ':' || to_char(likely_since AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSMS') || ':' || user_id
            FROM recipients
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
            RETURNING user_id
            """, connection, transaction);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("probability", rows.Select(r => r.Prediction.Probability).ToArray());
        command.Parameters.AddWithValue("share", rows.Select(r => r.Prediction.SimilarShare).ToArray());
        command.Parameters.AddWithValue("level", rows.Select(r => r.Prediction.Level).ToArray());
        command.Parameters.AddWithValue("samples", rows.Select(r => r.Prediction.SampleSize).ToArray());
        command.Parameters.AddWithValue("target", rows.Select(r => r.Prediction.TargetHours).ToArray());
        command.Parameters.AddWithValue("left", rows.Select(r => r.Prediction.HoursLeft).ToArray());
        command.Parameters.AddWithValue("load", rows.Select(r => r.Prediction.LoadFactor).ToArray());
        command.Parameters.AddWithValue("reason", rows.Select(r => BreachRiskText.Reason(
            r.Prediction.SimilarShare, r.Prediction.TargetHours, r.Prediction.HoursLeft, r.Prediction.Level, r.Prediction.SampleSize, r.Prediction.LoadFactor)).ToArray());
        command.Parameters.AddWithValue("threshold", threshold);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        var users = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                users.Add(reader.GetString(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        await cache.InvalidateForUsersAsync(CacheTag.Notifications, users);
        return new BreachRiskOutcome(rows.Count, rows.Count(r => r.Prediction.Probability >= threshold), users);
    }

    public async Task<TicketBreachRiskView?> GetAsync(Guid ticketId, CancellationToken cancellationToken) =>
        (await ReadViewsAsync("ticket_id = $1", ticketId, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<TicketBreachRiskView>> ReadViewsAsync(string where, object parameter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT ticket_id, probability, similar_share, stratum_level, sample_size, target_hours, hours_left, load_factor, likely, likely_since, computed_at
            FROM ticket_breach_risk WHERE {where}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var views = new List<TicketBreachRiskView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            views.Add(new TicketBreachRiskView(
                reader.GetGuid(0),
                reader.GetDouble(1),
                reader.GetDouble(2),
                reader.GetInt16(3),
                reader.GetInt32(4),
                reader.GetDouble(5),
                reader.GetDouble(6),
                reader.GetDouble(7),
                reader.GetBoolean(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return views;
    }

    public async Task<IReadOnlyList<BacktestTicket>> ReadHistoryAsync(DateTimeOffset since, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT s.policy_id, t.category, t.priority, t.department, t.created_at,
                   CASE WHEN t.status = ANY(@resolved) THEN t.resolved_at END, {DueSql}
            FROM tickets_cache t
            LEFT JOIN ticket_sla s ON s.ticket_id = t.id
            WHERE t.deleted_at IS NULL AND t.created_at >= @since AND t.created_at < @to
              AND (t.status = ANY(@resolved) OR t.status = ANY(@active)) AND {DueSql} IS NOT NULL
            """);
        command.Parameters.AddWithValue("since", since.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.Add(TicketStatusParameters.Resolved("resolved"));
        command.Parameters.Add(TicketStatusParameters.Active("active"));
        var tickets = new List<BacktestTicket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tickets.Add(new BacktestTicket(
                Stratum(reader, 0),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return tickets;
    }

    public async Task SaveBacktestAsync(StoredBacktest backtest, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO sla_backtests (ran_at, days, report) VALUES ($1, $2, $3)");
        command.Parameters.AddWithValue(backtest.RanAt.ToUniversalTime());
        command.Parameters.AddWithValue(backtest.Days);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(backtest.Report, Json) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredBacktest?> GetLatestBacktestAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT ran_at, days, report::text FROM sla_backtests ORDER BY id DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var report = JsonSerializer.Deserialize<BacktestReport>(reader.GetString(2), Json);
        return report is null ? null : new StoredBacktest(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1), report);
    }

    private static BreachStratum Stratum(NpgsqlDataReader reader, int first) => BreachStratum.Of(
        reader.IsDBNull(first) ? null : reader.GetGuid(first),
        reader.IsDBNull(first + 1) ? null : reader.GetString(first + 1),
        WireName<TicketPriority>.Parse(reader.GetString(first + 2)),
        reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3));
}
