using Npgsql;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Sync;

/// <summary>
/// The sync lock as a PostgreSQL session advisory lock on a connection held for the whole run: one
/// run at a time across every app instance, and released by the server if the process dies.
/// </summary>
internal sealed class PostgresSyncLock(NpgsqlDataSource dataSource) : ISyncLock
{
    /// <summary>An arbitrary, fixed key for "ticket sync" in PostgreSQL's advisory-lock space.</summary>
    public const long LockKey = 7_243_100_001;

    public async Task<ISyncLease?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", LockKey);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return new Lease(connection);
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

    private sealed class Lease(NpgsqlConnection connection) : ISyncLease
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
                command.Parameters.AddWithValue("key", LockKey);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A broken connection has lost its session, and the lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
