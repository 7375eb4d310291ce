using Npgsql;
using Ticketing.Application.Triage;

namespace Ticketing.Infrastructure.Triage;

/// <summary>
/// Claims the marks of <c>triage_arrivals</c> (written by the trigger of migration TriageAutoApplyArrivals):
/// deleted with <c>SKIP LOCKED</c> in one statement that commits at once, so instances share the marks without
/// overlap and a claimed ticket is never claimed again, even when the work after the claim fails.
/// </summary>
internal sealed class TriageArrivals(NpgsqlDataSource dataSource) : ITriageArrivals
{
    public async Task<IReadOnlyList<TriageArrival>> ClaimAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH claimed AS (
                DELETE FROM triage_arrivals
                WHERE ticket_id IN (SELECT ticket_id FROM triage_arrivals ORDER BY marked_at, ticket_id LIMIT @max FOR UPDATE SKIP LOCKED)
                RETURNING ticket_id, marked_at)
            SELECT c.ticket_id, EXISTS (SELECT 1 FROM ticket_phi p WHERE p.ticket_id = c.ticket_id)
            FROM claimed c ORDER BY c.marked_at, c.ticket_id
            """);
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<TriageArrival>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new TriageArrival(reader.GetGuid(0), reader.GetBoolean(1)));
        }

        return claimed;
    }
}
