using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// The mirror's writes and single-ticket reads. Every committed change to a ticket invalidates what was
/// cached from the mirror here, whoever made it (sync, webhook, this app's writes, the outbox), so the
/// next read of a cached figure sees it.
/// </summary>
internal sealed class TicketRepository(TicketingDbContext db, NpgsqlDataSource dataSource, ICacheInvalidator cache, TimeProvider clock) : ITicketRepository
{
    /// <summary>Deferred steps of an initial load run at the same time (each on its own connection).</summary>
    private const int DeferredStepsAtOnce = 2;

    public Task<UpsertResult> UpsertManyAsync(
        IReadOnlyCollection<Ticket> tickets,
        ChangeSource source,
        DateTimeOffset syncedAt,
        bool touchUnchanged,
        CancellationToken cancellationToken,
        string? actorUserId = null) =>
        MirrorDataErrors.TranslateAsync(() => UpsertCoreAsync(tickets, source, syncedAt, touchUnchanged, actorUserId, bulk: false, cancellationToken));

    public Task<UpsertResult> BulkLoadManyAsync(IReadOnlyCollection<Ticket> tickets, DateTimeOffset syncedAt, CancellationToken cancellationToken) =>
        MirrorDataErrors.TranslateAsync(() => UpsertCoreAsync(tickets, ChangeSource.Sync, syncedAt, touchUnchanged: false, actorUserId: null, bulk: true, cancellationToken));

    public async Task<bool> TryBeginBulkLoadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TicketBulkSql.BeginBulkLoad);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<DeferredStep>> CompleteBulkLoadAsync(CancellationToken cancellationToken)
    {
        var work = new List<(string Name, string Statement)>();
        await using (var read = dataSource.CreateCommand(TicketBulkSql.DeferredWork))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                work.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        // Each step and its record go in one transaction: a step that ran is never run twice, and one
        // that was interrupted is still recorded for the next call. The steps are independent (an index
        // build takes a SHARE lock, the rebuilds only read the mirror), and a GIN build uses one core, so
        // two run at once, the longest first (the order of TicketBulkSql.DeferredWork).
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = DeferredStepsAtOnce, CancellationToken = cancellationToken };
        var ran = new ConcurrentQueue<DeferredStep>();
        await Parallel.ForEachAsync(work, parallel, async (item, token) =>
        {
            var started = Stopwatch.GetTimestamp();
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            await using (var memory = new NpgsqlCommand(TicketBulkSql.DeferredStepSettings, connection, transaction))
            {
                await memory.ExecuteNonQueryAsync(token);
            }

            await using (var step = new NpgsqlCommand(item.Statement, connection, transaction) { CommandTimeout = 0 })
            {
                await step.ExecuteNonQueryAsync(token);
            }

            await using (var done = new NpgsqlCommand("DELETE FROM deferred_mirror_work WHERE name = @name", connection, transaction))
            {
                done.Parameters.AddWithValue("name", item.Name);
                await done.ExecuteNonQueryAsync(token);
            }

            await transaction.CommitAsync(token);
            ran.Enqueue(new DeferredStep(item.Name, Stopwatch.GetElapsedTime(started)));
        });

        if (work.Count > 0)
        {
            await cache.InvalidateAsync(CacheTag.Tickets);
        }

        return [.. ran];
    }

    public Task<int> MarkDeletedAsync(IReadOnlyCollection<string> externalIds, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken) =>
        ApplyDeletionsAsync([.. externalIds.Select(id => new TicketDeletion(id, at))], source, at, cancellationToken);

    public Task<int> ApplyDeletionsAsync(IReadOnlyCollection<TicketDeletion> deletions, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken) =>
        MirrorDataErrors.TranslateAsync(() => ApplyDeletionsCoreAsync(deletions, source, at, cancellationToken));

    public Task<bool> AddCommentAsync(
        string externalTicketId, TicketComment comment, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken, string? actorUserId = null) =>
        MirrorDataErrors.TranslateAsync(async () => await AddCommentsCoreAsync(externalTicketId, [comment], source, at, actorUserId, cancellationToken) > 0);

    public Task<int> AddCommentsAsync(string externalTicketId, IReadOnlyCollection<TicketComment> comments, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken) =>
        MirrorDataErrors.TranslateAsync(() => AddCommentsCoreAsync(externalTicketId, comments, source, at, actorUserId: null, cancellationToken));

    private async Task<UpsertResult> UpsertCoreAsync(
        IReadOnlyCollection<Ticket> tickets,
        ChangeSource source,
        DateTimeOffset syncedAt,
        bool touchUnchanged,
        string? actorUserId,
        bool bulk,
        CancellationToken cancellationToken)
    {
        if (tickets.Count == 0)
        {
            return UpsertResult.None;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (bulk)
        {
            await using var defer = new NpgsqlCommand(TicketBulkSql.BulkPageSettings, connection, transaction);
            await defer.ExecuteNonQueryAsync(cancellationToken);
        }

        // A large page fires the mirror's statement triggers on many rows: planned for them, not for an earlier small write (decision 108).
        var stage = tickets.Count >= TriggerPlans.LargeWrite ? $"{TriggerPlans.Discard}; {TicketBulkSql.CreateStage}" : TicketBulkSql.CreateStage;
        if (source == ChangeSource.Sync && !bulk)
        {
            // The remote's versions, which the next run fetches again if a crash loses them (decision 146;
            // a bulk page's settings say the same).
            stage = $"{SyncCommits.WithoutFlushWait}; {stage}";
        }

        await using (var create = new NpgsqlCommand(stage, connection, transaction))
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

        // A webhook never brings a deleted ticket back: only a version a sync saw (or a read by id) can.
        var revive = source != ChangeSource.Webhook;
        if (touchUnchanged)
        {
            // A full pass mostly sees unchanged tickets: they are sighted first, and a page with nothing
            // to write ends without the upsert (and without the triggers its statement would fire).
            await using var sight = new NpgsqlCommand(TicketBulkSql.SightAndCount, connection, transaction);
            sight.Parameters.Add(new NpgsqlParameter("synced_at", NpgsqlDbType.TimestampTz) { Value = syncedAt.ToUniversalTime() });
            sight.Parameters.Add(new NpgsqlParameter("revive", NpgsqlDbType.Boolean) { Value = revive });
            if ((int)(await sight.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return new UpsertResult(0, 0, tickets.Count);
            }
        }

        UpsertResult result;
        await using (var upsert = new NpgsqlCommand(TicketBulkSql.Upsert, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter("synced_at", NpgsqlDbType.TimestampTz) { Value = syncedAt.ToUniversalTime() });
            upsert.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = clock.GetUtcNow() });
            upsert.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = WireName<ChangeSource>.Of(source) });
            upsert.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = (object?)actorUserId ?? DBNull.Value });
            upsert.Parameters.Add(new NpgsqlParameter("revive", NpgsqlDbType.Boolean) { Value = revive });
            upsert.Parameters.Add(new NpgsqlParameter("bulk", NpgsqlDbType.Boolean) { Value = bulk });
            await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var inserted = reader.GetInt32(0);
            var updated = reader.GetInt32(1);
            result = new UpsertResult(inserted, updated, reader.GetInt32(2) - inserted - updated);
        }

        await transaction.CommitAsync(cancellationToken);
        await MirrorChangedAsync(result.Stored);
        return result;
    }

    private async Task<int> ApplyDeletionsCoreAsync(IReadOnlyCollection<TicketDeletion> deletions, ChangeSource source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (deletions.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand(TicketBulkSql.MarkDeleted);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = deletions.Select(d => d.ExternalTicketId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("deleted_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = deletions.Select(d => d.DeletedAt.ToUniversalTime()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = WireName<ChangeSource>.Of(source) });
        var deleted = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        await MirrorChangedAsync(deleted);
        return deleted;
    }

    public async Task<IReadOnlyList<string>> GetUnseenAsync(DateTimeOffset seenSince, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TicketBulkSql.UnseenCandidates);
        command.Parameters.Add(new NpgsqlParameter("seen_since", NpgsqlDbType.TimestampTz) { Value = seenSince.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = after ?? string.Empty });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit });
        var ids = new List<string>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task VacuumAnalyzeAsync(CancellationToken cancellationToken)
    {
        // VACUUM cannot run inside a transaction: a plain command on its own connection.
        await using var command = dataSource.CreateCommand("VACUUM (ANALYZE) tickets_cache");
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<int> AddCommentsCoreAsync(
        string externalTicketId, IReadOnlyCollection<TicketComment> comments, ChangeSource source, DateTimeOffset at, string? actorUserId, CancellationToken cancellationToken)
    {
        if (comments.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand(TicketBulkSql.AddComments);
        command.Parameters.Add(new NpgsqlParameter("ext", NpgsqlDbType.Text) { Value = externalTicketId });
        command.Parameters.Add(TextArray("ids", comments.Select(c => c.ExternalCommentId)));
        command.Parameters.Add(TextArray("authors", comments.Select(c => c.AuthorName)));
        command.Parameters.Add(TextArray("emails", comments.Select(c => c.AuthorEmail)));
        command.Parameters.Add(TextArray("bodies", comments.Select(c => c.Body)));
        command.Parameters.Add(TextArray("visibilities", comments.Select(c => c.Visibility is { } v ? WireName<CommentVisibility>.Of(v) : null)));
        command.Parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = comments.Select(c => c.CreatedAt.ToUniversalTime()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = at.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = WireName<ChangeSource>.Of(source) });
        command.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = (object?)actorUserId ?? DBNull.Value });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<CommentBackfillItem>> GetCommentBackfillAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TicketBulkSql.CommentBackfill);
        var oldest = limit / 2;
        command.Parameters.Add(new NpgsqlParameter("newest", NpgsqlDbType.Integer) { Value = limit - oldest });
        command.Parameters.Add(new NpgsqlParameter("oldest", NpgsqlDbType.Integer) { Value = oldest });
        var items = new List<CommentBackfillItem>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new CommentBackfillItem(
                reader.GetString(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return items;
    }

    public async Task<int> CountCommentBackfillAsync(int cap, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TicketBulkSql.CommentBackfillCount);
        command.Parameters.Add(new NpgsqlParameter("cap", NpgsqlDbType.Integer) { Value = cap });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task MarkCommentsSyncedAsync(IReadOnlyCollection<CommentBackfillItem> read, CancellationToken cancellationToken)
    {
        if (read.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(TicketBulkSql.MarkCommentsSynced);
        command.Parameters.Add(new NpgsqlParameter("ext", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = read.Select(r => r.ExternalTicketId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("through", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = read.Select(r => r.UpdatedAt.ToUniversalTime()).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
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

    public async Task<IReadOnlyList<string>> GetStaleExternalIdsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TicketBulkSql.Stale);
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.TimestampTz) { Value = before.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit });
        var ids = new List<string>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task BeginFullPassAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TicketBulkSql.ForgetSightings);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// After a commit that changed <paramref name="tickets"/> tickets. A comment changes no cached
    /// figure, and neither does a sync that only saw unchanged tickets: those evict nothing.
    /// </summary>
    private ValueTask MirrorChangedAsync(int tickets) =>
        tickets > 0 ? cache.InvalidateAsync(CacheTag.Tickets) : ValueTask.CompletedTask;

    private static NpgsqlParameter TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, DateTimeOffset? value, CancellationToken cancellationToken) =>
        value is { } v ? writer.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken) : writer.WriteNullAsync(cancellationToken);
}
