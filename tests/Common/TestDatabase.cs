using Microsoft.EntityFrameworkCore;
using Npgsql;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Tests.Common;

/// <summary>
/// A PostgreSQL database of a test's own, dropped when disposed. <see cref="CreateAsync(string, CancellationToken)"/>
/// copies the run's migrated <see cref="DatabaseTemplate"/>; <see cref="CreateEmptyAsync"/> makes one without
/// any table, as on a first install. The server comes from <c>TICKETING_TEST_PG</c> (a
/// connection string without a database), by default the local server the test script starts.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = TestDatabaseServer.ServerVariable;

    private int _disposed;

    private TestDatabase(string name)
    {
        Name = name;
        ConnectionString = TestDatabaseServer.ConnectionStringFor(name);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A new database with every migration applied (and Hangfire's schema), copied from the run's template.</summary>
    public static Task<TestDatabase> CreateAsync(string purpose, CancellationToken cancellationToken = default) =>
        CreateAsync(purpose, DatabaseTemplate.Migrated, cancellationToken);

    /// <summary>A new database copied from <paramref name="template"/>.</summary>
    public static async Task<TestDatabase> CreateAsync(string purpose, DatabaseTemplate template, CancellationToken cancellationToken = default)
    {
        var source = await template.DatabaseAsync(cancellationToken);
        var name = TestDatabaseServer.NewName(purpose);
        await TestDatabaseServer.CreateFromAsync(name, source, cancellationToken);
        return new TestDatabase(name);
    }

    /// <summary>A new database without any table, as on a first install.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(string purpose, CancellationToken cancellationToken = default)
    {
        var name = TestDatabaseServer.NewName(purpose);
        await TestDatabaseServer.CreateEmptyAsync(name, cancellationToken);
        return new TestDatabase(name);
    }

    public TicketingDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<TicketingDbContext>()
            .UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new TicketingDbContext(options);
    }

    /// <summary>The first column of the first row, or the default when there is none (or it is NULL).</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = Command(sql, connection, parameters);
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (its statements one implicit transaction). A test's direct write is one more writer
    /// beside the app's own background work (the SLA recompute, the rollups), so PostgreSQL may pick it as a deadlock's
    /// victim and roll it back whole; it is then run again, as any writer's would be. Any other error is the test's.
    /// </summary>
    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = Command(sql, connection, parameters);
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxDeadlockAttempts)
            {
            }
        }
    }

    private const int MaxDeadlockAttempts = 10;

    /// <summary>Replaces every cached ticket (and what hangs off them) with these.</summary>
    public async Task ReplaceTicketsAsync(params Domain.Tickets.Ticket[] tickets)
    {
        await ExecuteAsync("DELETE FROM tickets_cache");
        await using var db = CreateDbContext();
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Drops the database (in the background: nothing waits for the server to delete its files).</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            TestDatabaseServer.DropSoon(Name);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Positional parameters (<c>$1</c>, <c>$2</c> …) in the order given.</summary>
    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }
}
