using Npgsql;
using NpgsqlTypes;

namespace Ticketing.Benchmarks;

/// <summary>
/// A list-page shape: its URL, and the same query as raw SQL. The SQL mirrors what
/// <c>Infrastructure/Tickets/TicketListReader</c> and <c>TicketListSql</c> send for that URL (the capped
/// count and the keyed page, in one batch), so "page / SQL" is the cost of everything around the query.
/// </summary>
public sealed record ListShape(string Id, string Name, string Url, string Where, string OrderBy, int Offset, IReadOnlyList<(string Name, NpgsqlDbType Type, object Value)> Parameters)
{
    private const int PageSize = 25;
    private const int CountCap = 10_000;

    private const string Columns =
        "t.id, t.external_ticket_id, t.ticket_number, t.title, t.status, t.priority, t.category, t.department, " +
        "t.requester_name, t.assignee_id, t.assignee_name, t.created_at, t.updated_at, t.resolved_at, t.due_date";

    private const string Live = "WHERE t.deleted_at IS NULL";
    private const string ByUpdated = "ORDER BY t.updated_at DESC, t.id DESC";

    public static IReadOnlyList<ListShape> All { get; } =
    [
        new("default", "default (updated, newest first)", "/Tickets", Live, ByUpdated, 0, []),
        new("filters", "status + priority filters", "/Tickets?status=open,in_progress&priority=high,critical",
            $"{Live} AND t.status = ANY(@statuses) AND t.priority = ANY(@priorities)", ByUpdated, 0,
            [("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text, new[] { "open", "in_progress" }),
             ("priorities", NpgsqlDbType.Array | NpgsqlDbType.Text, new[] { "high", "critical" })]),
        new("search", "search \"vpn\"", "/Tickets?q=vpn",
            $"{Live} AND (t.ticket_number ILIKE @search OR t.title ILIKE @search OR t.description ILIKE @search)", ByUpdated, 0,
            [("search", NpgsqlDbType.Text, "%vpn%")]),
        new("due", "sort by due date", "/Tickets?sort=due", Live, "ORDER BY t.due_date ASC NULLS LAST, t.id ASC", 0, []),
        new("page200", "page 200", "/Tickets?page=200", Live, ByUpdated, 199 * PageSize, []),
    ];

    public NpgsqlBatch CreateBatch(NpgsqlConnection connection)
    {
        var batch = new NpgsqlBatch(connection);
        var count = new NpgsqlBatchCommand($"SELECT count(*)::int FROM (SELECT 1 FROM tickets_cache t {Where} LIMIT {CountCap + 1}) c");
        AddParameters(count);
        batch.BatchCommands.Add(count);
        var rows = new NpgsqlBatchCommand(
            $"SELECT {Columns} FROM (SELECT t.id FROM tickets_cache t {Where} {OrderBy} LIMIT @limit OFFSET @offset) p " +
            $"JOIN tickets_cache t ON t.id = p.id {OrderBy}");
        AddParameters(rows);
        rows.Parameters.AddWithValue("limit", PageSize);
        rows.Parameters.AddWithValue("offset", (long)Offset);
        batch.BatchCommands.Add(rows);
        return batch;
    }

    private void AddParameters(NpgsqlBatchCommand command)
    {
        foreach (var (name, type, value) in Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }
    }
}
