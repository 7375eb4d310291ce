using Microsoft.EntityFrameworkCore;
using Npgsql;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Tests.Common;

/// <summary>
/// A PostgreSQL database of the test run's own: created with a unique name, migrated, and dropped
/// at the end. The server comes from <c>TICKETING_TEST_PG</c> (a connection string without a
/// database), by default the local server the test script starts.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "TICKETING_TEST_PG";
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=ticketing;Password=ticketing";

    private readonly string _adminConnectionString;

    private TestDatabase(string name, string adminConnectionString, string connectionString)
    {
        Name = name;
        _adminConnectionString = adminConnectionString;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A new database with every migration applied.</summary>
    public static Task<TestDatabase> CreateAsync(string purpose, CancellationToken cancellationToken = default) =>
        CreateAsync(purpose, migrate: true, cancellationToken);

    /// <summary>A new database without any table, as on a first install.</summary>
    public static Task<TestDatabase> CreateEmptyAsync(string purpose, CancellationToken cancellationToken = default) =>
        CreateAsync(purpose, migrate: false, cancellationToken);

    private static async Task<TestDatabase> CreateAsync(string purpose, bool migrate, CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured ? configured : DefaultServer;
        var prefix = $"ticketing_test_{purpose.ToLowerInvariant()}";
        var name = $"{prefix[..Math.Min(prefix.Length, 30)]}_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var database = new TestDatabase(name, admin, connectionString);
        if (migrate)
        {
            await using var db = database.CreateDbContext();
            await db.Database.MigrateAsync(cancellationToken);
        }

        return database;
    }

    public TicketingDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<TicketingDbContext>()
            .UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new TicketingDbContext(options);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        // A background worker of the server (autovacuum) can hold the database for a moment; try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (attempt < 10 && ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }
}
