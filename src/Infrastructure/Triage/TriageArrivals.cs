using Npgsql;
using Ticketing.Application.Triage;

namespace Ticketing.Infrastructure.Triage;

/// <summary>
/// The marks of <c>triage_arrivals</c> (written by the trigger of migration TriageAutoApplyArrivals; retries by
/// TriageArrivalRetries). A claim reserves due marks with <c>SKIP LOCKED</c> in one statement that commits at
/// once, under a fresh claim id and until the lease ends, so instances share the marks without overlap; only the
/// claim's holder completes it or puts it back, so a holder whose lease ran out cannot undo a later claim.
/// </summary>
internal sealed class TriageArrivals(NpgsqlDataSource dataSource) : ITriageArrivals
{
    public async Task<IReadOnlyList<TriageArrival>> ClaimAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claimId = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand(
            """
            WITH claimed AS (
                UPDATE triage_arrivals a
                SET claim_id = @claim, claimed_until = @until, attempts = a.attempts + 1
                WHERE a.ticket_id IN (
                    SELECT ticket_id FROM triage_arrivals
                    WHERE failed_at IS NULL AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                    ORDER BY next_attempt_at, ticket_id
                    LIMIT @max
                    FOR UPDATE SKIP LOCKED)
                RETURNING a.ticket_id, a.attempts, a.next_attempt_at)
            SELECT c.ticket_id, EXISTS (SELECT 1 FROM ticket_phi p WHERE p.ticket_id = c.ticket_id), c.attempts
            FROM claimed c ORDER BY c.next_attempt_at, c.ticket_id
            """);
        command.Parameters.AddWithValue("claim", claimId);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("until", (now + lease).ToUniversalTime());
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<TriageArrival>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new TriageArrival(reader.GetGuid(0), reader.GetBoolean(1), claimId, reader.GetInt32(2)));
        }

        return claimed;
    }

    public async Task CompleteAsync(TriageArrival arrival, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM triage_arrivals WHERE ticket_id = @ticket AND claim_id = @claim");
        command.Parameters.AddWithValue("ticket", arrival.TicketId);
        command.Parameters.AddWithValue("claim", arrival.ClaimId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task RetryAsync(TriageArrival arrival, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        ReleaseAsync(arrival, reason, retryAt, failedAt: null, cancellationToken);

    public Task FailAsync(TriageArrival arrival, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReleaseAsync(arrival, reason, now, failedAt: now, cancellationToken);

    public async Task<TriageArrivalQueue> GetQueueAsync(int maxFailed, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT count(*), count(*) FILTER (WHERE last_error IS NOT NULL) FROM triage_arrivals WHERE failed_at IS NULL"));
        var failed = new NpgsqlBatchCommand("""
            SELECT a.ticket_id, t.ticket_number, a.attempts, a.failed_at, coalesce(a.last_error, '')
            FROM triage_arrivals a JOIN tickets_cache t ON t.id = a.ticket_id
            WHERE a.failed_at IS NOT NULL
            ORDER BY a.failed_at DESC, a.ticket_id
            LIMIT @max
            """);
        failed.Parameters.AddWithValue("max", maxFailed);
        batch.BatchCommands.Add(failed);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var waiting = (int)reader.GetInt64(0);
        var retrying = (int)reader.GetInt64(1);
        await reader.NextResultAsync(cancellationToken);
        var failures = new List<TriageArrivalFailure>();
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(new TriageArrivalFailure(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetInt32(2),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc)),
                reader.GetString(4)));
        }

        return new TriageArrivalQueue(waiting, retrying, failures);
    }

    private async Task ReleaseAsync(TriageArrival arrival, string reason, DateTimeOffset nextAttemptAt, DateTimeOffset? failedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE triage_arrivals
            SET claim_id = NULL, claimed_until = NULL, last_error = @reason, next_attempt_at = @next, failed_at = @failed
            WHERE ticket_id = @ticket AND claim_id = @claim
            """);
        command.Parameters.AddWithValue("ticket", arrival.TicketId);
        command.Parameters.AddWithValue("claim", arrival.ClaimId);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("next", nextAttemptAt.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("failed", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = failedAt is { } failed ? failed.ToUniversalTime() : DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
