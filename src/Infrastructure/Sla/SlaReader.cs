using Npgsql;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Sla;

internal sealed class SlaReader(NpgsqlDataSource dataSource) : ISlaReader
{
    public async Task<TicketSlaView?> GetTicketSlaAsync(Guid ticketId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s.ticket_id, s.policy_id, p.name, p.business_hours, s.first_response_due_at, s.first_response_at, s.first_response_state,
                   s.resolution_due_at, s.resolution_state, s.paused_seconds, s.is_paused, s.state, s.computed_at
            FROM ticket_sla s JOIN sla_policies p ON p.id = s.policy_id
            WHERE s.ticket_id = $1
            """);
        command.Parameters.AddWithValue(ticketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TicketSlaView(
            reader.GetGuid(0),
            reader.GetGuid(1),
            reader.GetString(2),
            reader.GetBoolean(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            WireName<SlaState>.Parse(reader.GetString(6)),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
            WireName<SlaState>.Parse(reader.GetString(8)),
            TimeSpan.FromSeconds(reader.GetInt64(9)),
            reader.GetBoolean(10),
            WireName<SlaState>.Parse(reader.GetString(11)),
            reader.GetFieldValue<DateTimeOffset>(12));
    }
}
