using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;

namespace Ticketing.IntegrationTests.Persistence;

/// <summary>
/// The app's pool does not reset sessions (No Reset On Close), which is safe only if nothing leaves
/// session state on a connection it returns: these tests look at the pooled connections after the
/// work that takes session locks.
/// </summary>
public sealed class ConnectionPoolTests
{
    [Fact]
    public async Task The_pool_does_not_reset_and_no_pooled_connection_keeps_a_lock_after_syncs()
    {
        await using var app = await SyncSteps.StartAppAsync(tickets: 50);
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose.ShouldBeTrue();

        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        (await app.SyncAsync(full: false)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);

        // The syncs took and released the session lock on pooled connections, which are still open.
        (await app.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND a.datname = current_database()"))
            .ShouldBe(0);
    }

    [Fact]
    public async Task The_apps_sessions_run_without_the_jit_compiler_and_keep_an_operators_own_options()
    {
        await using var app = await SyncSteps.StartAppAsync(tickets: 0);
        await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var show = new NpgsqlCommand("SHOW jit", connection);
        (await show.ExecuteScalarAsync(TestContext.Current.CancellationToken)).ShouldBe("off");

        Ticketing.Infrastructure.DependencyInjection.WithoutJit("-c statement_timeout=5s").ShouldBe("-c statement_timeout=5s -c jit=off");
    }

    [Fact]
    public async Task The_apps_sessions_to_a_loopback_server_are_not_encrypted_unless_the_connection_string_says_so()
    {
        await using var app = await SyncSteps.StartAppAsync(tickets: 0);
        await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var ssl = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
        (await ssl.ExecuteScalarAsync(TestContext.Current.CancellationToken)).ShouldBe(false);

        Ticketing.Infrastructure.DependencyInjection.SslModeFor("Host=127.0.0.1;Port=5432").ShouldBe(SslMode.Disable);
        Ticketing.Infrastructure.DependencyInjection.SslModeFor("Host=localhost,[::1]:5433").ShouldBe(SslMode.Disable);
        Ticketing.Infrastructure.DependencyInjection.SslModeFor("Host=/var/run/postgresql").ShouldBe(SslMode.Disable);
        Ticketing.Infrastructure.DependencyInjection.SslModeFor("Host=127.0.0.1;SSL Mode=Require").ShouldBe(SslMode.Require);
        Ticketing.Infrastructure.DependencyInjection.SslModeFor("Host=db.example.org").ShouldBe(SslMode.Prefer);
        Ticketing.Infrastructure.DependencyInjection.SslModeFor("Host=127.0.0.1,db.example.org").ShouldBe(SslMode.Prefer);
    }
}
