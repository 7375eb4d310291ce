using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Triage;

namespace Ticketing.Infrastructure.Triage;

/// <summary>A page of tickets' text and PHI flag in one statement.</summary>
internal sealed class TriageTicketTexts(NpgsqlDataSource dataSource) : ITriageTicketTexts
{
    public async Task<IReadOnlyList<TriageTicketText>> GetAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken)
    {
        if (ticketIds.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT t.id, t.title, t.description, t.department, t.category, EXISTS (SELECT 1 FROM ticket_phi p WHERE p.ticket_id = t.id)
            FROM tickets_cache t
            WHERE t.id = ANY(@ids) AND t.deleted_at IS NULL
            """);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ticketIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var texts = new List<TriageTicketText>();
        while (await reader.ReadAsync(cancellationToken))
        {
            texts.Add(new TriageTicketText(
                reader.GetGuid(0),
                new TriageInput(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetBoolean(5)));
        }

        return texts;
    }
}
