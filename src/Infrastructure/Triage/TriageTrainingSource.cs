using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using Ticketing.Application.Triage;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Triage;

/// <summary>
/// Streams the resolved and closed tickets with one server-side ordered query read row by row
/// (<see cref="CommandBehavior.SequentialAccess"/>): the app holds one row at a time, whatever the
/// mirror's size; the sampler decides what to keep. Each example says whether the PHI classification
/// flagged its ticket (<c>ticket_phi</c>), so training can leave it out.
/// </summary>
internal sealed class TriageTrainingSource(NpgsqlDataSource dataSource) : ITriageTrainingSource
{
    private const string Where = "deleted_at IS NULL AND status = ANY(@resolved_statuses)";

    // A person's latest feedback on a ticket is its label for that target (0 category, 1 department, 2 priority).
    private const string ReadSql = """
        SELECT t.id, t.title, t.description,
               coalesce(fd.chosen_value, t.department),
               coalesce(fc.chosen_value, t.category),
               coalesce(fp.chosen_value, t.priority),
               t.created_at,
               EXISTS (SELECT 1 FROM ticket_phi p WHERE p.ticket_id = t.id)
        FROM tickets_cache t
        LEFT JOIN LATERAL (SELECT chosen_value FROM triage_feedback f WHERE f.ticket_id = t.id AND f.target = 'category'
                           ORDER BY f.id DESC LIMIT 1) fc ON true
        LEFT JOIN LATERAL (SELECT chosen_value FROM triage_feedback f WHERE f.ticket_id = t.id AND f.target = 'department'
                           ORDER BY f.id DESC LIMIT 1) fd ON true
        LEFT JOIN LATERAL (SELECT chosen_value FROM triage_feedback f WHERE f.ticket_id = t.id AND f.target = 'priority'
                           ORDER BY f.id DESC LIMIT 1) fp ON true
        WHERE t.deleted_at IS NULL AND t.status = ANY(@resolved_statuses)
        ORDER BY t.created_at, t.id
        """;

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM tickets_cache WHERE {Where}");
        command.Parameters.Add(TicketStatusParameters.Resolved("resolved_statuses"));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async IAsyncEnumerable<TriageExample> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ReadSql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(TicketStatusParameters.Resolved("resolved_statuses"));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new TriageExample(
                reader.GetGuid(0),
                reader.GetString(1),
                await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetString(2),
                await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetString(3),
                await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetString(4),
                await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetBoolean(7));
        }
    }
}
