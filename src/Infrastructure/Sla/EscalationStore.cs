using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Notifications;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Sla;

/// <summary>Escalation rules and firings, in SQL: the candidates are one set-based query over <c>ticket_sla</c>.</summary>
internal sealed class EscalationStore(NpgsqlDataSource dataSource) : IEscalationStore
{
    private const string RuleColumns =
        "r.id, r.policy_id, r.target, r.trigger_kind, r.percent, r.hours_after_breach, r.action, r.role, r.user_emails, r.channel_id, r.priority, r.assignee_id, r.assignee_name, r.created_at";

    /// <summary>
    /// How many times ticket <c>t</c> was reopened: a status change from a closed-out status to an open one (<c>@active</c>:
    /// the active statuses). An escalation fires, and a policy breach is notified, once per spell.
    /// </summary>
    internal const string CycleSql =
        "(SELECT count(*)::int FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = 'status' AND h.new_value = ANY(@active) AND NOT (h.old_value = ANY(@active)))";

    public async Task<IReadOnlyList<EscalationRule>> ListRulesAsync(Guid policyId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RuleColumns} FROM escalation_rules r WHERE r.policy_id = $1 ORDER BY r.target, r.trigger_kind, r.percent, r.hours_after_breach, r.created_at");
        command.Parameters.AddWithValue(policyId);
        var rules = new List<EscalationRule>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(ReadRule(reader, 0));
        }

        return rules;
    }

    public async Task<EscalationRule?> FindRuleAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RuleColumns} FROM escalation_rules r WHERE r.id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRule(reader, 0) : null;
    }

    public async Task AddRuleAsync(EscalationRule rule, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO escalation_rules (id, policy_id, target, trigger_kind, percent, hours_after_breach, action, role, user_emails, channel_id, priority, assignee_id, assignee_name, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """);
        command.Parameters.AddWithValue(rule.Id);
        command.Parameters.AddWithValue(rule.PolicyId);
        command.Parameters.AddWithValue(WireName<EscalationTarget>.Of(rule.Target));
        command.Parameters.AddWithValue(WireName<EscalationTrigger>.Of(rule.Trigger));
        command.Parameters.Add(Nullable(rule.Percent, NpgsqlDbType.Integer));
        command.Parameters.Add(Nullable(rule.HoursAfterBreach, NpgsqlDbType.Integer));
        command.Parameters.AddWithValue(WireName<EscalationAction>.Of(rule.Action));
        command.Parameters.Add(Nullable(rule.Role, NpgsqlDbType.Text));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rule.UserEmails });
        command.Parameters.Add(Nullable(rule.ChannelId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Nullable(rule.Priority is { } p ? WireName<TicketPriority>.Of(p) : null, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(rule.AssigneeId, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(rule.AssigneeName, NpgsqlDbType.Text));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = rule.CreatedAt.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteRuleAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM escalation_rules WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<EscalationCandidate>> GetCandidatesAsync(DateTimeOffset now, EscalationCursor? after, int limit, CancellationToken cancellationToken)
    {
        // Breach triggers are exact here; a calendar-hour percentage too (the time left is plain time then). A
        // business-hour percentage needs the calendar: the handler measures it with the Domain's clock.
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {RuleColumns}, t.id, c.cycle, c.due_at, c.target_minutes, p.business_hours, p.calendar_id
            FROM escalation_rules r
            JOIN sla_policies p ON p.id = r.policy_id
            JOIN ticket_sla s ON s.policy_id = r.policy_id
            JOIN tickets_cache t ON t.id = s.ticket_id
            CROSS JOIN LATERAL (
                SELECT {CycleSql} AS cycle,
                       CASE WHEN r.target = 'first_response' THEN (CASE WHEN s.first_response_at IS NULL THEN s.first_response_due_at END) ELSE s.resolution_due_at END AS due_at,
                       CASE WHEN r.target = 'first_response' THEN p.first_response_minutes ELSE p.resolution_minutes END AS target_minutes
            ) c
            WHERE t.deleted_at IS NULL AND t.status = ANY(@active) AND NOT s.is_paused
              AND c.due_at IS NOT NULL
              AND (@after_ticket::uuid IS NULL OR (t.id, r.id) > (@after_ticket, @after_rule))
              AND CASE r.trigger_kind
                    WHEN 'at_breach' THEN c.due_at <= @now
                    WHEN 'hours_after_breach' THEN c.due_at + make_interval(hours => r.hours_after_breach) <= @now
                    ELSE p.business_hours OR c.due_at - make_interval(mins => c.target_minutes) * ((100 - r.percent) / 100.0) <= @now
                  END
              AND NOT EXISTS (
                    SELECT 1 FROM escalation_firings f
                    WHERE f.rule_id = r.id AND f.ticket_id = t.id AND f.target = r.target AND f.cycle = c.cycle)
            ORDER BY t.id, r.id
            LIMIT @limit
            """);
        command.Parameters.Add(TicketStatusParameters.Active("active"));
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("after_ticket", NpgsqlDbType.Uuid) { Value = after is { } a ? a.TicketId : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after_rule", NpgsqlDbType.Uuid) { Value = after is { } b ? b.RuleId : DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var candidates = new List<EscalationCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add(ReadCandidate(reader, 14));
        }

        return candidates;
    }

    public async Task<long?> TryClaimAsync(EscalationCandidate candidate, string ruleText, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO escalation_firings (rule_id, policy_id, ticket_id, target, cycle, rule_text, due_at, fired_at, outcome)
            VALUES ($1, $8, $2, $3, $4, $5, $6, $7, 'pending')
            ON CONFLICT (rule_id, ticket_id, target, cycle) DO NOTHING
            RETURNING id
            """);
        command.Parameters.AddWithValue(candidate.Rule.Id);
        command.Parameters.AddWithValue(candidate.TicketId);
        command.Parameters.AddWithValue(WireName<EscalationTarget>.Of(candidate.Rule.Target));
        command.Parameters.AddWithValue(candidate.Cycle);
        command.Parameters.AddWithValue(ruleText.Length <= 500 ? ruleText : ruleText[..500]);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = candidate.DueAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = at.ToUniversalTime() });
        command.Parameters.AddWithValue(candidate.Rule.PolicyId);
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    public async Task CompleteAsync(long firingId, EscalationOutcome outcome, string result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE escalation_firings SET outcome = $2, result = $3, completed_at = $4 WHERE id = $1");
        command.Parameters.AddWithValue(firingId);
        command.Parameters.AddWithValue(WireName<EscalationOutcome>.Of(outcome));
        command.Parameters.AddWithValue(result.Length <= 500 ? result : result[..500]);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = at.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(long FiringId, EscalationCandidate Candidate)>> GetStalledAsync(DateTimeOffset claimedBefore, int limit, CancellationToken cancellationToken)
    {
        // Taken up by one instance at a time: the row's fired_at moves on as it is claimed again.
        await using var command = dataSource.CreateCommand(
            $"""
            WITH stalled AS (
                SELECT f.id FROM escalation_firings f
                WHERE f.outcome = 'pending' AND f.fired_at < @before AND f.rule_id IS NOT NULL
                ORDER BY f.id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            ), retaken AS (
                UPDATE escalation_firings f SET fired_at = @now FROM stalled WHERE f.id = stalled.id
                RETURNING f.id, f.rule_id, f.ticket_id, f.cycle, f.due_at
            )
            SELECT {RuleColumns}, x.ticket_id, x.cycle, x.due_at,
                   CASE WHEN r.target = 'first_response' THEN p.first_response_minutes ELSE p.resolution_minutes END, p.business_hours, p.calendar_id, x.id
            FROM retaken x JOIN escalation_rules r ON r.id = x.rule_id JOIN sla_policies p ON p.id = r.policy_id
            """);
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.TimestampTz) { Value = claimedBefore.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = DateTimeOffset.UtcNow });
        command.Parameters.AddWithValue("limit", limit);
        var stalled = new List<(long, EscalationCandidate)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stalled.Add((reader.GetInt64(20), ReadCandidate(reader, 14)));
        }

        return stalled;
    }

    public async Task<IReadOnlyList<string>> UsersToNotifyAsync(EscalationRule rule, string? assigneeAgentId, CancellationToken cancellationToken)
    {
        var sql = rule.Action switch
        {
            EscalationAction.NotifyAssignee => $"SELECT id FROM (SELECT {UserAgentSql.UserOf("@agent")} AS id) x WHERE id IS NOT NULL",
            EscalationAction.NotifyRole => "SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.name = @role ORDER BY 1",
            EscalationAction.NotifyUsers => "SELECT u.id FROM users u WHERE u.normalized_email = ANY(@emails) ORDER BY 1",
            _ => null,
        };
        if (sql is null || (rule.Action == EscalationAction.NotifyAssignee && string.IsNullOrWhiteSpace(assigneeAgentId)))
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("agent", NpgsqlDbType.Text) { Value = (object?)assigneeAgentId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("role", NpgsqlDbType.Text) { Value = (object?)rule.Role ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("emails", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rule.UserEmails.Select(e => e.ToUpperInvariant()).ToArray() });
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    public Task<IReadOnlyList<EscalationFiringView>> RecentFiringsAsync(Guid policyId, int limit, CancellationToken cancellationToken) =>
        FiringsAsync("f.policy_id = @id ORDER BY f.fired_at DESC, f.id DESC LIMIT @limit", policyId, limit, cancellationToken);

    public Task<IReadOnlyList<EscalationFiringView>> ForTicketAsync(Guid ticketId, CancellationToken cancellationToken) =>
        FiringsAsync("f.ticket_id = @id ORDER BY f.fired_at, f.id LIMIT @limit", ticketId, 200, cancellationToken);

    private async Task<IReadOnlyList<EscalationFiringView>> FiringsAsync(string where, Guid id, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT f.id, f.rule_id, f.rule_text, f.ticket_id, t.ticket_number, f.target, f.fired_at, f.outcome, f.result
            FROM escalation_firings f JOIN tickets_cache t ON t.id = f.ticket_id
            WHERE {where}
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("limit", limit);
        var firings = new List<EscalationFiringView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            firings.Add(new EscalationFiringView(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.GetString(2),
                reader.GetGuid(3),
                reader.GetString(4),
                WireName<EscalationTarget>.Parse(reader.GetString(5)),
                reader.GetFieldValue<DateTimeOffset>(6),
                WireName<EscalationOutcome>.Parse(reader.GetString(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return firings;
    }

    private static EscalationCandidate ReadCandidate(NpgsqlDataReader reader, int at) =>
        new(
            ReadRule(reader, 0),
            reader.GetGuid(at),
            reader.GetInt32(at + 1),
            reader.GetFieldValue<DateTimeOffset>(at + 2),
            reader.GetInt32(at + 3),
            reader.GetBoolean(at + 4),
            reader.IsDBNull(at + 5) ? null : reader.GetGuid(at + 5));

    private static EscalationRule ReadRule(NpgsqlDataReader reader, int at) => new()
    {
        Id = reader.GetGuid(at),
        PolicyId = reader.GetGuid(at + 1),
        Target = WireName<EscalationTarget>.Parse(reader.GetString(at + 2)),
        Trigger = WireName<EscalationTrigger>.Parse(reader.GetString(at + 3)),
        Percent = reader.IsDBNull(at + 4) ? null : reader.GetInt32(at + 4),
        HoursAfterBreach = reader.IsDBNull(at + 5) ? null : reader.GetInt32(at + 5),
        Action = WireName<EscalationAction>.Parse(reader.GetString(at + 6)),
        Role = reader.IsDBNull(at + 7) ? null : reader.GetString(at + 7),
        UserEmails = reader.GetFieldValue<string[]>(at + 8),
        ChannelId = reader.IsDBNull(at + 9) ? null : reader.GetGuid(at + 9),
        Priority = reader.IsDBNull(at + 10) ? null : WireName<TicketPriority>.Parse(reader.GetString(at + 10)),
        AssigneeId = reader.IsDBNull(at + 11) ? null : reader.GetString(at + 11),
        AssigneeName = reader.IsDBNull(at + 12) ? null : reader.GetString(at + 12),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(at + 13),
    };

    private static NpgsqlParameter Nullable<T>(T? value, NpgsqlDbType type) =>
        new() { NpgsqlDbType = type, Value = (object?)value ?? DBNull.Value };
}
