using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Ticketing.Infrastructure.Jobs;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Tests.Common;

/// <summary>
/// A database the tests copy instead of building their own: made once per run (per test process) on
/// first use, by copying the template it is <paramref name="basedOn"/> (or from nothing) and preparing
/// it; every <see cref="TestDatabase"/> is then a copy of it (<c>CREATE DATABASE … TEMPLATE …</c>),
/// which takes a fraction of a migration. Dropped at the end of the run with the rest.
/// </summary>
public sealed class DatabaseTemplate(string name, DatabaseTemplate? basedOn, Func<string, CancellationToken, Task> prepare)
{
    // Made once, whoever asks first; a template that could not be made fails every copy the same way.
    private readonly Lazy<Task<string>> _database = new(() => CreateAsync(name, basedOn, prepare));

    /// <summary>Every EF Core migration applied, and Hangfire's schema installed.</summary>
    public static DatabaseTemplate Migrated { get; } = new("migrated", null, MigrateAsync);

    /// <summary>The name of the template's database, made now if this is its first use.</summary>
    internal Task<string> DatabaseAsync(CancellationToken cancellationToken) => _database.Value.WaitAsync(cancellationToken);

    private static async Task<string> CreateAsync(string name, DatabaseTemplate? basedOn, Func<string, CancellationToken, Task> prepare)
    {
        var database = $"{TestDatabaseServer.RunPrefix}_template_{name}";
        if (basedOn is null)
        {
            await TestDatabaseServer.CreateEmptyAsync(database, CancellationToken.None);
        }
        else
        {
            await TestDatabaseServer.CreateFromAsync(database, await basedOn.DatabaseAsync(CancellationToken.None), CancellationToken.None);
        }

        var connectionString = TestDatabaseServer.ConnectionStringFor(database);
        await prepare(connectionString, CancellationToken.None);

        // A template must have no session open, or copying it fails.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        return database;
    }

    private static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<TicketingDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        await using (var db = new TicketingDbContext(options))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        // Hangfire installs its schema on first use; in the template, each app finds it there.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, JobsRegistration.HangfireSchema);
    }
}
