using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>
/// <c>webhook_messages</c> through Npgsql directly. Accepting is on the endpoint's hot path: concurrent
/// requests are written together, in one <c>INSERT … ON CONFLICT DO NOTHING</c> and one commit, by a
/// single writer that takes whatever has queued up while the previous write was in flight. A lone
/// request is written at once, alone; under load the commits are shared, which is what lets one
/// instance accept thousands of messages a second. Every caller still waits for the commit of its own
/// row, so an accepted message is durable before it is acknowledged.
/// </summary>
public sealed class WebhookInbox(NpgsqlDataSource dataSource, WebhookInboxSignal signal) : IWebhookInbox, IAsyncDisposable, IDisposable
{
    private const int MaxBatchMessages = 256;

    // Bodies can be up to 1 MiB each: a batch stops growing at this many characters (one message always fits).
    private const long MaxBatchChars = 8 * 1024 * 1024;

    private const int DeleteChunk = 10_000;

    // unnest keeps the arrays' order, so of two messages with one id in a batch the first is the one stored.
    private const string InsertSql = """
        INSERT INTO webhook_messages (webhook_id, event_type, body, received_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
        ON CONFLICT (webhook_id) DO NOTHING
        RETURNING webhook_id
        """;

    // In chunks, so a large backlog is not one long transaction holding locks the processor waits on.
    private const string DeleteSql = """
        DELETE FROM webhook_messages
        WHERE webhook_id IN (
            SELECT webhook_id FROM webhook_messages
            WHERE processed_at IS NOT NULL AND received_at < $1
            LIMIT $2)
        """;

    private readonly Channel<PendingAccept> _queue =
        Channel.CreateUnbounded<PendingAccept>(new UnboundedChannelOptions { SingleReader = true });

    private Task? _writer;

    public Task<bool> AcceptAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var pending = new PendingAccept(message);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(WebhookInbox), "The webhook inbox is shutting down.");
        }

        if (Volatile.Read(ref _writer) is null)
        {
            var writer = new Task<Task>(WriteAsync);
            if (Interlocked.CompareExchange(ref _writer, writer.Unwrap(), null) is null)
            {
                writer.Start(TaskScheduler.Default);
            }
        }

        // A caller that gives up (the remote hung up) stops waiting; its row may still be written, and the
        // remote's retry is then answered as a repeat.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<long> PendingCountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM webhook_messages WHERE processed_at IS NULL");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<int> DeleteProcessedOlderThanAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(DeleteSql);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = receivedBefore.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = DeleteChunk });
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == DeleteChunk);

        return total;
    }

    /// <summary>Writes what is still queued, then stops; by then the server has finished its requests.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (Volatile.Read(ref _writer) is { } writer)
        {
            await writer;
        }
    }

    /// <summary>For a synchronous container disposal: stops taking messages without waiting for the last write.</summary>
    public void Dispose() => _queue.Writer.TryComplete();

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAccept>(MaxBatchMessages);
        while (await reader.WaitToReadAsync())
        {
            long chars = 0;
            while (batch.Count < MaxBatchMessages
                && reader.TryPeek(out var next)
                && (batch.Count == 0 || chars + next.Message.Body.Length <= MaxBatchChars)
                && reader.TryRead(out next))
            {
                batch.Add(next);
                chars += next.Message.Body.Length;
            }

            try
            {
                var stored = await InsertAsync(batch);
                foreach (var pending in batch)
                {
                    // Only the first of several messages with one id was stored; the others are repeats.
                    pending.Completion.TrySetResult(stored.Remove(pending.Message.WebhookId));
                }

                signal.Notify();
            }
            catch (Exception ex)
            {
                // The endpoint answers 503 to an unavailable inbox without knowing Npgsql.
                var failure = ex is NpgsqlException ? new WebhookInboxUnavailableException("The webhook inbox could not store the message.", ex) : ex;
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(failure);
                }
            }

            batch.Clear();
        }
    }

    private async Task<HashSet<string>> InsertAsync(List<PendingAccept> batch)
    {
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            TypedValue = [.. batch.Select(p => p.Message.WebhookId)],
        });
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            TypedValue = [.. batch.Select(p => p.Message.EventType)],
        });
        command.Parameters.Add(new NpgsqlParameter<string[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            TypedValue = [.. batch.Select(p => p.Message.Body)],
        });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            TypedValue = [.. batch.Select(p => p.Message.ReceivedAt.ToUniversalTime())],
        });

        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add(reader.GetString(0));
        }

        return stored;
    }

    private sealed class PendingAccept(WebhookMessage message)
    {
        public WebhookMessage Message { get; } = message;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
