using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Phi;
using Ticketing.Domain.Common;
using Ticketing.Domain.Phi;
using Ticketing.Infrastructure.Persistence.Migrations;

namespace Ticketing.Infrastructure.Phi;

/// <summary>
/// The PHI flags, rules and re-classification over SQL (migration <c>PhiClassification</c>; not in the EF
/// model). The flags themselves are written by the triggers on <c>tickets_cache</c> and by
/// <see cref="ReclassifyBatchAsync"/>, with the same matching function (<c>phi_rule_for</c>).
/// </summary>
internal sealed class PhiStore(NpgsqlDataSource dataSource, ICacheInvalidator cache) : IPhiClassification, IPhiRuleStore
{
    /// <summary>A batch of the re-classification may take this long; a slower one fails and is tried again.</summary>
    private const string BatchTimeout = "60s";

    private const string RequestRun = """
        UPDATE phi_reclassification SET requested_generation = requested_generation + 1, requested_at = now(), finished_at = NULL,
            cursor = NULL, processed = 0, total = (SELECT count(*) FROM tickets_cache) WHERE id = 1
        """;

    public async Task<IReadOnlySet<Guid>> PhiAmongAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken)
    {
        var found = new HashSet<Guid>();
        if (ticketIds.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand("SELECT ticket_id FROM ticket_phi WHERE ticket_id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ticketIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    public async Task<IReadOnlyList<PhiTicket>> PhiTicketsAmongAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken)
    {
        var found = new List<PhiTicket>();
        if (ticketIds.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT p.ticket_id, t.ticket_number, p.rule_name FROM ticket_phi p JOIN tickets_cache t ON t.id = p.ticket_id WHERE p.ticket_id = ANY(@ids) ORDER BY t.ticket_number");
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ticketIds.Distinct().ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new PhiTicket(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }

        return found;
    }

    public async Task<PhiFlag?> GetAsync(Guid ticketId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT rule_id, rule_name, classified_at FROM ticket_phi WHERE ticket_id = @id");
        command.Parameters.AddWithValue("id", ticketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PhiFlag(ticketId, reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public async Task<IReadOnlyList<PhiRule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, kind, field, value, enabled, updated_at FROM phi_rules ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<PhiRule>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new PhiRule(
                reader.GetInt64(0),
                reader.GetString(1),
                WireName<PhiRuleKind>.Parse(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetBoolean(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return rules;
    }

    public async Task<long> AddAsync(string name, PhiRuleKind kind, string? field, string value, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO phi_rules (name, kind, field, value) VALUES (@name, @kind, @field, @value) RETURNING id", connection, transaction);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("kind", WireName<PhiRuleKind>.Of(kind));
        insert.Parameters.Add(new NpgsqlParameter("field", NpgsqlDbType.Text) { Value = (object?)field ?? DBNull.Value });
        insert.Parameters.AddWithValue("value", value);
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await RequestRunAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public Task<bool> SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken) =>
        ChangeRuleAsync("UPDATE phi_rules SET enabled = @enabled, updated_at = now() WHERE id = @id", id, enabled, cancellationToken);

    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) =>
        ChangeRuleAsync("DELETE FROM phi_rules WHERE id = @id", id, enabled: null, cancellationToken);

    public async Task<string?> CheckPatternAsync(string pattern, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT '' ~* @pattern");
        command.Parameters.AddWithValue("pattern", pattern);
        try
        {
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidRegularExpression)
        {
            return ex.MessageText;
        }
    }

    public async Task<PhiReclassification> GetProgressAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadProgressAsync(connection, null, cancellationToken);
    }

    public async Task<PhiReclassification> ReclassifyBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The row stays locked for the batch: a rule changed meanwhile restarts the run after it commits.
        long requested;
        Guid? cursor;
        await using (var state = new NpgsqlCommand(
            "SELECT requested_generation, done_generation, cursor FROM phi_reclassification WHERE id = 1 FOR UPDATE", connection, transaction))
        await using (var reader = await state.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            requested = reader.GetInt64(0);
            var done = reader.GetInt64(1);
            cursor = reader.IsDBNull(2) ? null : reader.GetGuid(2);
            if (requested <= done)
            {
                await reader.CloseAsync();
                await transaction.CommitAsync(cancellationToken);
                return await ReadProgressAsync(connection, null, cancellationToken);
            }
        }

        await using (var timeout = new NpgsqlCommand($"SET LOCAL statement_timeout = '{BatchTimeout}'", connection, transaction))
        {
            await timeout.ExecuteNonQueryAsync(cancellationToken);
        }

        int count;
        Guid? last;
        await using (var batch = new NpgsqlCommand(
            $"""
            WITH changed AS MATERIALIZED (
                SELECT t.id, phi_rule_for(t.title, t.description, t.category, t.department, t.tags, t.custom_fields) AS rule_id
                FROM tickets_cache t {(cursor is null ? "" : "WHERE t.id > @cursor")}
                ORDER BY t.id
                LIMIT @size),
            flagged AS ({PhiClassification.Upsert}),
            cleared AS (DELETE FROM ticket_phi p USING changed c WHERE p.ticket_id = c.id AND c.rule_id IS NULL RETURNING 1)
            SELECT count(*)::int, (SELECT c.id FROM changed c ORDER BY c.id DESC LIMIT 1) FROM changed
            """,
            connection,
            transaction))
        {
            if (cursor is { } after)
            {
                batch.Parameters.AddWithValue("cursor", after);
            }

            batch.Parameters.AddWithValue("size", batchSize);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            count = reader.GetInt32(0);
            last = reader.IsDBNull(1) ? null : reader.GetGuid(1);
        }

        await using (var save = new NpgsqlCommand(
            count < batchSize
                ? "UPDATE phi_reclassification SET done_generation = @requested, finished_at = now(), cursor = NULL, processed = processed + @count WHERE id = 1"
                : "UPDATE phi_reclassification SET cursor = @last, processed = processed + @count WHERE id = 1",
            connection,
            transaction))
        {
            save.Parameters.AddWithValue("requested", requested);
            save.Parameters.AddWithValue("count", (long)count);
            save.Parameters.Add(new NpgsqlParameter("last", NpgsqlDbType.Uuid) { Value = (object?)last ?? DBNull.Value });
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        var progress = await ReadProgressAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (count > 0)
        {
            // A kept list page may show a ticket this batch just flagged: it must be rendered (and masked) again.
            await cache.InvalidateAsync(CacheTag.Phi);
        }

        return progress;
    }

    private async Task<bool> ChangeRuleAsync(string sql, long id, bool? enabled, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var change = new NpgsqlCommand(sql, connection, transaction);
        change.Parameters.AddWithValue("id", id);
        if (enabled is { } on)
        {
            change.Parameters.AddWithValue("enabled", on);
        }

        if (await change.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await RequestRunAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task RequestRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var request = new NpgsqlCommand(RequestRun, connection, transaction);
        await request.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<PhiReclassification> ReadProgressAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT requested_generation > done_generation, processed, total, (SELECT count(*) FROM ticket_phi), requested_at, finished_at FROM phi_reclassification WHERE id = 1",
            connection,
            transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PhiReclassification(
            reader.GetBoolean(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }
}
