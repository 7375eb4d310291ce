using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ticketing.Infrastructure.Persistence;
using Ticketing.Web;

namespace Ticketing.Benchmarks;

/// <summary>
/// The app built in this process over a fresh, migrated database of its own, with its background work
/// off, for the scenarios that time one piece of the app (SLA recompute, triage) rather than its HTTP
/// pages. Disposing it drops the database.
/// </summary>
internal sealed class ScratchApp : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ScratchApp(WebApplication app, string admin, string name, string connectionString)
    {
        App = app;
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Leaves the database in place on dispose, for EXPLAIN ANALYZE (<c>--keep-databases</c>); drop it yourself.</summary>
    public bool KeepDatabase { get; set; }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public string ConnectionString { get; }

    /// <param name="postgresServer">The server's connection string (its database is ignored).</param>
    /// <param name="name">The scratch database's name.</param>
    /// <param name="settings">More command-line settings, e.g. <c>--Ticketing:Sla:RunRecompute=false</c>.</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<ScratchApp> StartAsync(string postgresServer, string name, IEnumerable<string> settings, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(postgresServer) { Database = "postgres", Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"", ct);
        var database = new NpgsqlConnectionStringBuilder(postgresServer) { Database = name }.ConnectionString;
        WebApplication? app = null;
        try
        {
            app = TicketingWebApp.Build(
                [
                    "--environment=Development",
                    $"--ConnectionStrings:Ticketing={database}",
                    "--Ticketing:Jobs:RunServer=false",
                    "--Ticketing:Webhooks:RunProcessor=false",
                    "--Logging:LogLevel:Default=Warning",
                    .. settings,
                ],
                runStartupTasks: false);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            }

            return new ScratchApp(app, admin, name, database);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await DropAsync(admin, name);
            throw;
        }
    }

    /// <summary>Runs one statement on the scratch database.</summary>
    public Task ExecuteAsync(string sql, CancellationToken ct) => ExecuteAsync(ConnectionString, sql, ct);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (!KeepDatabase)
        {
            await DropAsync(_admin, _name);
        }
    }

    private static async Task DropAsync(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
