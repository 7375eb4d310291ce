using System.Runtime.CompilerServices;
using Npgsql;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla.Prediction;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// The list's hot path, on Npgsql directly: the capped count and the page in one round trip; the
/// page is found on the index alone (ids only) and only its rows are read (a deferred join), so deep
/// pages stay close to page 1. Nothing here is cached: pages cache the filter choices by sending
/// the cached lookups query.
/// </summary>
internal sealed class TicketListReader(NpgsqlDataSource dataSource) : ITicketListReader
{
    /// <summary>
    /// From this offset on, a list whose count is exact (<see cref="TicketListSql.CountsFromCounters"/>) is counted
    /// before its page is read, so that a page past the middle is read from the list's other end.
    /// </summary>
    internal const int DeepOffset = TicketPage.CountCap;

    public async Task<TicketPage> QueryAsync(TicketFilter filter, TicketSort sort, PageRequest page, DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken)
    {
        var cap = TicketPage.CountCapFor(filter);
        if (page.Offset >= DeepOffset && await QueryDeepAsync(filter, sort, page, now, atRiskWindow, cancellationToken) is { } deep)
        {
            return deep;
        }

        await using var batch = AddPageCommands(dataSource.CreateBatch(), filter, sort, page, now, atRiskWindow);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = new List<TicketListItem>(page.Size);
        int total;
        var exact = false;
        if (batch.BatchCommands.Count == 1)
        {
            // A search: the count is the last column of every row, and the only one of the row an empty page has.
            total = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                total = reader.GetInt32(reader.FieldCount - 1);
                if (!reader.IsDBNull(0))
                {
                    items.Add(Read(reader));
                }
            }
        }
        else
        {
            await reader.ReadAsync(cancellationToken);
            total = reader.GetInt32(0);
            exact = reader.GetBoolean(1);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        var capped = !exact && total > cap;
        return new TicketPage(items, page.Page, page.Size, capped ? cap : total, capped);
    }

    /// <summary>
    /// A page deep in a list whose count is exact, in two round trips: the count (the kept counters), then, when the
    /// page lies past the middle, its ids read from the list's other end (<see cref="TicketListSql.PageIdsFromEnd"/>):
    /// the last page of a million tickets then reads 25 index entries instead of a million. Null when the page is
    /// nearer the start, the count is not exact, or the sort has no other end: the usual batch reads it.
    /// </summary>
    private async Task<TicketPage?> QueryDeepAsync(TicketFilter filter, TicketSort sort, PageRequest page, DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken)
    {
        var sql = TicketListSql.Build(filter, sort, now, atRiskWindow);
        if (sql.IsSearch || !sql.CountsFromCounters || !sql.CanReadFromEnd)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        int total;
        await using (var count = new NpgsqlCommand(sql.CountStatement(TicketPage.CountCap), connection))
        {
            count.Parameters.AddRange(sql.CloneParameters().ToArray());
            await using var counted = await count.ExecuteReaderAsync(cancellationToken);
            await counted.ReadAsync(cancellationToken);
            if (!counted.GetBoolean(1))
            {
                return null;
            }

            total = counted.GetInt32(0);
        }

        if (page.Offset >= total)
        {
            return new TicketPage([], page.Page, page.Size, total, TotalIsCapped: false);
        }

        if (page.Offset <= total / 2)
        {
            return null;
        }

        // The rows from the page's first to the list's end, of which the page is the first (at most) Size.
        var remaining = (int)(total - page.Offset);
        var size = Math.Min(page.Size, remaining);
        await using var rows = new NpgsqlCommand(sql.RowsOf(sql.PageIdsFromEnd()), connection);
        rows.Parameters.AddRange(sql.CloneParameters().ToArray());
        rows.Parameters.AddWithValue("limit", size);
        rows.Parameters.AddWithValue("offset", (long)(remaining - size));
        await using var reader = await rows.ExecuteReaderAsync(cancellationToken);
        var items = new List<TicketListItem>(size);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return new TicketPage(items, page.Page, page.Size, total, TotalIsCapped: false);
    }

    /// <summary>
    /// Adds the page's statements to <paramref name="batch"/>: the count (<see cref="TicketListSql.CountStatement"/>:
    /// from the kept counters when they answer the filter, else capped), then the page
    /// found on the index alone (ids only) and joined back to its rows; a search is one statement that
    /// returns both (<see cref="TicketListSql.SearchPage"/>). The benchmark runner times this same batch
    /// as "the page's minimal SQL".
    /// </summary>
    public static NpgsqlBatch AddPageCommands(NpgsqlBatch batch, TicketFilter filter, TicketSort sort, PageRequest page, DateTimeOffset now, TimeSpan atRiskWindow)
    {
        var sql = TicketListSql.Build(filter, sort, now, atRiskWindow);
        if (sql.IsSearch)
        {
            var search = new NpgsqlBatchCommand(sql.SearchPage(TicketPage.CountCapFor(filter)));
            search.Parameters.AddRange(sql.CloneParameters().ToArray());
            search.Parameters.AddWithValue("limit", page.Size);
            search.Parameters.AddWithValue("offset", page.Offset);
            batch.BatchCommands.Add(search);
            return batch;
        }

        var count = new NpgsqlBatchCommand(sql.CountStatement(TicketPage.CountCapFor(filter)));
        count.Parameters.AddRange(sql.CloneParameters().ToArray());
        batch.BatchCommands.Add(count);

        var rows = new NpgsqlBatchCommand(sql.RowsOf(sql.PageIds()));
        rows.Parameters.AddRange(sql.CloneParameters().ToArray());
        rows.Parameters.AddWithValue("limit", page.Size);
        rows.Parameters.AddWithValue("offset", page.Offset);
        batch.BatchCommands.Add(rows);
        return batch;
    }

    public async IAsyncEnumerable<TicketListItem> StreamAsync(
        TicketFilter filter,
        TicketSort sort,
        DateTimeOffset now,
        TimeSpan atRiskWindow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = TicketListSql.Build(filter, sort, now, atRiskWindow);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {TicketListSql.Columns} FROM tickets_cache t {TicketListSql.RowJoins} {sql.Where} {sql.OrderBy}", connection);
        command.Parameters.AddRange(sql.Parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    public async Task<TicketLookups> GetLookupsAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        // The assignee choices are the remote's active agents once a sync has listed them (contract
        // 1.1); before that, or from a 1.0 remote, the assignees seen on tickets.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT id, name FROM remote_agents WHERE active"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DistinctValues("category")));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DistinctValues("department")));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            DistinctValues("assignee_id").Replace(
                "SELECT value FROM v WHERE value IS NOT NULL",
                "SELECT v.value, (SELECT x.assignee_name FROM tickets_cache x WHERE x.assignee_id = v.value AND x.deleted_at IS NULL LIMIT 1) FROM v WHERE v.value IS NOT NULL",
                StringComparison.Ordinal)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var agents = new List<AssigneeOption>();
        while (await reader.ReadAsync(cancellationToken))
        {
            agents.Add(new AssigneeOption(reader.GetString(0), reader.GetString(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        var categories = await ReadStringsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var departments = await ReadStringsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var assignees = new List<AssigneeOption>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            assignees.Add(new AssigneeOption(id, reader.IsDBNull(1) ? id : reader.GetString(1)));
        }

        var choices = agents.Count > 0 ? agents : assignees;
        var lookups = new TicketLookups(categories, departments, [.. choices.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AssigneeId, StringComparer.Ordinal)]);
        return lookups;
    }

    /// <summary>
    /// The distinct values of an indexed column by a loose index scan (one index probe per value),
    /// which stays fast with a million rows and a few hundred values.
    /// </summary>
    private static string DistinctValues(string column) => $"""
        WITH RECURSIVE v AS (
            (SELECT {column} AS value FROM tickets_cache WHERE deleted_at IS NULL AND {column} IS NOT NULL ORDER BY {column} LIMIT 1)
            UNION ALL
            SELECT (SELECT {column} FROM tickets_cache WHERE deleted_at IS NULL AND {column} > v.value ORDER BY {column} LIMIT 1)
            FROM v WHERE v.value IS NOT NULL
        )
        SELECT value FROM v WHERE value IS NOT NULL
        """;

    private static async Task<List<string>> ReadStringsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    // Every column is read once and in order: the export streams with SequentialAccess, where going back to a
    // column (the id again for the breach estimate) throws once the reader has moved past it.
    private static TicketListItem Read(NpgsqlDataReader r) => Read(r, r.GetGuid(0));

    private static TicketListItem Read(NpgsqlDataReader r, Guid id) => new(
        id,
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        WireName<TicketStatus>.Parse(r.GetString(4)),
        WireName<TicketPriority>.Parse(r.GetString(5)),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(10) ? null : r.GetString(10),
        r.GetFieldValue<DateTimeOffset>(11),
        r.GetFieldValue<DateTimeOffset>(12),
        r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13),
        r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14))
    {
        IsPhi = r.GetBoolean(15),
        PolicySla = r.GetBoolean(16)
            ? new PolicySla(r.IsDBNull(17) ? null : r.GetFieldValue<DateTimeOffset>(17), WireName<SlaState>.Parse(r.GetString(18)))
            : null,
        BreachRisk = r.GetBoolean(19)
            ? new TicketBreachRiskView(
                id,
                r.GetDouble(20),
                r.GetDouble(21),
                r.GetInt16(22),
                r.GetInt32(23),
                r.GetDouble(24),
                r.GetDouble(25),
                r.GetDouble(26),
                true,
                r.IsDBNull(27) ? null : r.GetFieldValue<DateTimeOffset>(27),
                r.GetFieldValue<DateTimeOffset>(28))
            : null,
    };
}
