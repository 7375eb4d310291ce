using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Tickets;

internal sealed class TicketRepository(TicketingDbContext db, NpgsqlDataSource dataSource, TimeProvider clock) : ITicketRepository
{
    // Two narrow statements in one round trip instead of one aggregate over every wide row: the counts
    // read only the (status, priority) partial index, the resolution figures only the resolved_at
    // partial index (which carries created_at, due_date and status): index-only scans, a fraction of the
    // pages of the table.
    private const string KpiCountsSql = """
        SELECT status, priority, count(*)::int FROM tickets_cache WHERE deleted_at IS NULL GROUP BY status, priority
        """;

    private const string KpiResolutionSql = """
        SELECT avg(date_part('epoch', resolved_at - created_at)) / 3600.0,
               count(*) FILTER (WHERE due_date IS NOT NULL)::int,
               count(*) FILTER (WHERE due_date IS NOT NULL AND resolved_at <= due_date)::int
        FROM tickets_cache
        WHERE deleted_at IS NULL AND resolved_at IS NOT NULL AND status = ANY(@resolved)
        """;

    public async Task<TicketKpis> GetKpisAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(KpiCountsSql));
        var resolution = new NpgsqlBatchCommand(KpiResolutionSql);
        resolution.Parameters.Add(new NpgsqlParameter("resolved", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = TicketStatsRepository.ResolvedStatuses });
        batch.BatchCommands.Add(resolution);

        int total = 0, open = 0, inProgress = 0, resolved = 0, criticalOpen = 0;
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = WireName<TicketStatus>.Parse(reader.GetString(0));
            var priority = WireName<TicketPriority>.Parse(reader.GetString(1));
            var count = reader.GetInt32(2);
            total += count;
            open += status.IsActive() ? count : 0;
            inProgress += status == TicketStatus.InProgress ? count : 0;
            resolved += status.IsResolved() ? count : 0;
            criticalOpen += status.IsActive() && TicketRules.CriticalPriorities.Contains(priority) ? count : 0;
        }

        if (total == 0)
        {
            return TicketKpis.Empty;
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        double? avgResolutionHours = reader.IsDBNull(0) ? null : reader.GetDouble(0);
        var resolvedWithDue = reader.GetInt32(1);
        var resolvedInTime = reader.GetInt32(2);

        double? compliance = resolvedWithDue == 0 ? null : 100.0 * resolvedInTime / resolvedWithDue;
        return new TicketKpis(total, open, inProgress, resolved, avgResolutionHours, compliance, resolvedWithDue, criticalOpen);
    }

    public async Task<(int Overdue, int AtRisk)> CountSlaRiskAsync(DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken)
    {
        // Both counts walk the due-date index from "overdue" to "at risk", never the whole table.
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE due_date < @now)::int, count(*) FILTER (WHERE due_date >= @now)::int
            FROM tickets_cache
            WHERE deleted_at IS NULL AND due_date < @until AND status IN ('open', 'in_progress', 'pending', 'on_hold')
            """);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.TimestampTz) { Value = (now + atRiskWindow).ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    public Task<UpsertResult> UpsertManyAsync(
        IReadOnlyCollection<Ticket> tickets,
        ChangeSource source,
        DateTimeOffset syncedAt,
        bool touchUnchanged,
        CancellationToken cancellationToken,
        string? actorUserId = null) =>
        MirrorDataErrors.TranslateAsync(() => UpsertCoreAsync(tickets, source, syncedAt, touchUnchanged, actorUserId, cancellationToken));

    public Task<int> MarkDeletedAsync(IReadOnlyCollection<string> externalIds, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken) =>
        MirrorDataErrors.TranslateAsync(() => MarkDeletedCoreAsync(externalIds, source, at, cancellationToken));

    public Task<bool> AddCommentAsync(string externalTicketId, TicketComment comment, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken) =>
        MirrorDataErrors.TranslateAsync(() => AddCommentCoreAsync(externalTicketId, comment, source, at, cancellationToken));

    private async Task<UpsertResult> UpsertCoreAsync(
        IReadOnlyCollection<Ticket> tickets,
        ChangeSource source,
        DateTimeOffset syncedAt,
        bool touchUnchanged,
        string? actorUserId,
        CancellationToken cancellationToken)
    {
        if (tickets.Count == 0)
        {
            return UpsertResult.None;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var create = new NpgsqlCommand(TicketBulkSql.CreateStage, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(TicketBulkSql.CopyIntoStage, cancellationToken))
        {
            foreach (var t in tickets)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(t.ExternalTicketId, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(t.TicketNumber, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(t.Title, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, t.Description, cancellationToken);
                await writer.WriteAsync(WireName<TicketStatus>.Of(t.Status), NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(WireName<TicketPriority>.Of(t.Priority), NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, t.Category, cancellationToken);
                await WriteNullableAsync(writer, t.RequesterId, cancellationToken);
                await WriteNullableAsync(writer, t.RequesterName, cancellationToken);
                await WriteNullableAsync(writer, t.RequesterEmail, cancellationToken);
                await WriteNullableAsync(writer, t.AssigneeId, cancellationToken);
                await WriteNullableAsync(writer, t.AssigneeName, cancellationToken);
                await WriteNullableAsync(writer, t.Department, cancellationToken);
                await writer.WriteAsync(t.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(t.UpdatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteNullableAsync(writer, t.ResolvedAt, cancellationToken);
                await WriteNullableAsync(writer, t.DueDate, cancellationToken);
                await writer.WriteAsync(t.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(string.IsNullOrWhiteSpace(t.CustomFieldsJson) ? "{}" : t.CustomFieldsJson, NpgsqlDbType.Jsonb, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        UpsertResult result;
        await using (var upsert = new NpgsqlCommand(TicketBulkSql.Upsert, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter("synced_at", NpgsqlDbType.TimestampTz) { Value = syncedAt.ToUniversalTime() });
            upsert.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = clock.GetUtcNow() });
            upsert.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = WireName<ChangeSource>.Of(source) });
            upsert.Parameters.Add(new NpgsqlParameter("touch", NpgsqlDbType.Boolean) { Value = touchUnchanged });
            upsert.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = (object?)actorUserId ?? DBNull.Value });
            await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var inserted = reader.GetInt32(0);
            var updated = reader.GetInt32(1);
            result = new UpsertResult(inserted, updated, reader.GetInt32(2) - inserted - updated);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<int> MarkDeletedCoreAsync(IReadOnlyCollection<string> externalIds, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (externalIds.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand(TicketBulkSql.MarkDeleted);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = externalIds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = WireName<ChangeSource>.Of(source) });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<int> MarkUnseenDeletedAsync(DateTimeOffset seenSince, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TicketBulkSql.MarkUnseenDeleted);
        command.Parameters.Add(new NpgsqlParameter("seen_since", NpgsqlDbType.TimestampTz) { Value = seenSince.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task VacuumAnalyzeAsync(CancellationToken cancellationToken)
    {
        // VACUUM cannot run inside a transaction: a plain command on its own connection.
        await using var command = dataSource.CreateCommand("VACUUM (ANALYZE) tickets_cache");
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> AddCommentCoreAsync(string externalTicketId, TicketComment comment, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TicketBulkSql.AddComment);
        command.Parameters.Add(new NpgsqlParameter("ext", NpgsqlDbType.Text) { Value = externalTicketId });
        command.Parameters.Add(new NpgsqlParameter("comment_id", NpgsqlDbType.Text) { Value = comment.ExternalCommentId });
        command.Parameters.Add(new NpgsqlParameter("author", NpgsqlDbType.Text) { Value = (object?)comment.AuthorName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Text) { Value = comment.Body });
        command.Parameters.Add(new NpgsqlParameter("created_at", NpgsqlDbType.TimestampTz) { Value = comment.CreatedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = WireName<ChangeSource>.Of(source) });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    public Task<Guid?> FindIdAsync(string externalTicketId, CancellationToken cancellationToken) =>
        db.Tickets.AsNoTracking()
            .Where(t => t.ExternalTicketId == externalTicketId && t.DeletedAt == null)
            .Select(t => (Guid?)t.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Ticket?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.DeletedAt == null, cancellationToken);

    public async Task<(IReadOnlyList<TicketComment> Comments, IReadOnlyList<TicketHistoryEntry> History)> GetActivityAsync(Guid id, int historyLimit, CancellationToken cancellationToken)
    {
        var comments = await db.TicketComments.AsNoTracking().Where(c => c.TicketId == id).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var history = await db.TicketHistory.AsNoTracking().Where(h => h.TicketId == id)
            .OrderByDescending(h => h.ChangedAt).ThenByDescending(h => h.Id).Take(historyLimit).ToListAsync(cancellationToken);
        return (comments, history);
    }

    public async Task<IReadOnlyList<string>> GetStaleExternalIdsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        await db.Tickets.AsNoTracking()
            .Where(t => t.DeletedAt == null && t.LastSyncedAt < before)
            .OrderBy(t => t.LastSyncedAt)
            .Select(t => t.ExternalTicketId)
            .Take(limit)
            .ToListAsync(cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, DateTimeOffset? value, CancellationToken cancellationToken) =>
        value is { } v ? writer.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken) : writer.WriteNullAsync(cancellationToken);
}
