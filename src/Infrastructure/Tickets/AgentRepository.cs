using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Tickets;

internal sealed class AgentRepository(TicketingDbContext db, NpgsqlDataSource dataSource, ICacheInvalidator cache) : IAgentRepository
{
    // One statement: the listed agents upserted, the ones no longer listed retired (kept for their
    // names on old tickets, but no longer offered). It also counts the rows that really changed: the
    // assignee choices are cached, and an unchanged list (every sync) must not evict them. Only new or
    // changed agents reach the insert: ON CONFLICT locks the row it refuses to update, so an unchanged
    // list would write (and wait for a disk flush at commit) on every run (decision 146).
    private const string ReplaceSql = """
        WITH incoming AS (
            SELECT DISTINCT ON (x.id) x.id, x.name, x.email, x.active
            FROM unnest(@ids, @names, @emails, @active) AS x(id, name, email, active)
            ORDER BY x.id
        ),
        upserted AS (
            INSERT INTO remote_agents AS a (id, name, email, active, refreshed_at)
            SELECT i.id, i.name, i.email, i.active, @at FROM incoming i
            WHERE NOT EXISTS (
                SELECT 1 FROM remote_agents r
                WHERE r.id = i.id AND (r.name, r.email, r.active) IS NOT DISTINCT FROM (i.name, i.email, i.active))
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, email = EXCLUDED.email, active = EXCLUDED.active, refreshed_at = EXCLUDED.refreshed_at
            WHERE (a.name, a.email, a.active) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.active)
            RETURNING 1
        ),
        retired AS (
            UPDATE remote_agents SET active = false
            WHERE active AND id <> ALL(@ids)
            RETURNING 1
        )
        SELECT (SELECT count(*)::int FROM incoming WHERE active),
               (SELECT count(*)::int FROM upserted) + (SELECT count(*)::int FROM retired)
        """;

    public async Task<int> ReplaceAsync(IReadOnlyCollection<Agent> agents, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReplaceSql);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = agents.Select(a => a.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = agents.Select(a => a.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("emails", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = agents.Select(a => a.Email).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("active", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = agents.Select(a => a.Active).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        int active, changed;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            active = reader.GetInt32(0);
            changed = reader.GetInt32(1);
        }

        if (changed > 0)
        {
            await cache.InvalidateAsync(CacheTag.Tickets);
        }

        return active;
    }

    public async Task<IReadOnlyList<Agent>> GetActiveAsync(CancellationToken cancellationToken) =>
        await db.Set<Agent>().AsNoTracking().Where(a => a.Active).OrderBy(a => a.Name).ThenBy(a => a.Id).ToListAsync(cancellationToken);

    public async Task<Agent?> FindActiveByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, email, refreshed_at FROM remote_agents WHERE active AND lower(email) = lower(@email) LIMIT 2");
        command.Parameters.Add(new NpgsqlParameter("email", NpgsqlDbType.Text) { Value = email.Trim() });
        var matches = new List<Agent>(2);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matches.Add(new Agent
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                Email = reader.GetString(2),
                Active = true,
                RefreshedAt = reader.GetFieldValue<DateTimeOffset>(3),
            });
        }

        // Several active agents with one address would make the match a guess: none is taken.
        return matches.Count == 1 ? matches[0] : null;
    }
}
