using Npgsql;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Sync;

/// <summary>
/// The sync lock as a PostgreSQL session advisory lock on a connection held for the whole run: one
/// run at a time across every app instance, and released by the server if the process dies.
/// </summary>
internal sealed class PostgresSyncLock(NpgsqlDataSource dataSource) : PostgresAdvisoryLock(dataSource, AdvisoryLocks.Sync), ISyncLock;

/// <summary>One outbox delivery round at a time across every app instance, like the sync lock.</summary>
internal sealed class PostgresOutboxLock(NpgsqlDataSource dataSource) : PostgresAdvisoryLock(dataSource, AdvisoryLocks.Outbox), IOutboxLock;

/// <summary>One comments and attachments backfill at a time across every app instance.</summary>
internal sealed class PostgresCommentBackfillLock(NpgsqlDataSource dataSource) : PostgresAdvisoryLock(dataSource, AdvisoryLocks.CommentBackfill), ICommentBackfillLock;

/// <summary>A PostgreSQL session advisory lock on a connection held while the lease lives.</summary>
internal abstract class PostgresAdvisoryLock(NpgsqlDataSource dataSource, long lockKey)
{
    public async Task<ISyncLease?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", lockKey);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return new Lease(connection, lockKey);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class Lease(NpgsqlConnection connection, long lockKey) : ISyncLease
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", lockKey);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A broken connection has lost its session, and the lock with it. One that is not
                // must not go back to the pool still holding the lock (the pool does not reset
                // sessions): clearing the pool closes it when it is returned.
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
