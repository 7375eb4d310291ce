using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Notifications;

namespace Ticketing.Infrastructure.Notifications;

internal sealed class TicketFollowers(NpgsqlDataSource dataSource) : ITicketFollowers
{
    private static readonly string StateSql = $"""
        SELECT COALESCE(t.assignee_id = {UserAgentSql.AgentOf("u")}, false) AS is_assignee,
               COALESCE(u.normalized_email = upper(t.requester_email), false) AS is_requester,
               f.following
        FROM tickets_cache t
        JOIN users u ON u.id = @user
        LEFT JOIN ticket_followers f ON f.ticket_id = t.id AND f.user_id = u.id
        WHERE t.id = @ticket AND t.deleted_at IS NULL
        """;

    private const string SetSql = """
        INSERT INTO ticket_followers (ticket_id, user_id, following, changed_at)
        SELECT t.id, u.id, @following, @at
        FROM tickets_cache t JOIN users u ON u.id = @user
        WHERE t.id = @ticket AND t.deleted_at IS NULL
        ON CONFLICT (ticket_id, user_id) DO UPDATE SET following = EXCLUDED.following, changed_at = EXCLUDED.changed_at
        """;

    public async Task<FollowState?> GetAsync(Guid ticketId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, ticketId, userId, cancellationToken);
    }

    public async Task<FollowState?> SetAsync(Guid ticketId, string userId, bool following, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var set = new NpgsqlCommand(SetSql, connection))
        {
            Add(set, ticketId, userId);
            set.Parameters.Add(new NpgsqlParameter<bool>("following", NpgsqlDbType.Boolean) { TypedValue = following });
            set.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", NpgsqlDbType.TimestampTz) { TypedValue = at.ToUniversalTime() });
            if (await set.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        return await ReadAsync(connection, ticketId, userId, cancellationToken);
    }

    private static async Task<FollowState?> ReadAsync(NpgsqlConnection connection, Guid ticketId, string userId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(StateSql, connection);
        Add(command, ticketId, userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return FollowState.From(ticketId, reader.GetBoolean(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetBoolean(2));
    }

    private static void Add(NpgsqlCommand command, Guid ticketId, string userId)
    {
        command.Parameters.Add(new NpgsqlParameter<Guid>("ticket", NpgsqlDbType.Uuid) { TypedValue = ticketId });
        command.Parameters.Add(new NpgsqlParameter<string>("user", NpgsqlDbType.Text) { TypedValue = userId });
    }
}
