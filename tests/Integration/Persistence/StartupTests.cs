using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;
using Ticketing.IntegrationTests.Admin;
using Ticketing.Web;

namespace Ticketing.IntegrationTests.Persistence;

public sealed class StartupTests
{
    /// <summary>
    /// A first start on an empty database: the migrations run before any background worker (notification
    /// dispatcher, webhook processor) or the data-protection key ring reads a table, so the log holds no error.
    /// </summary>
    [Fact]
    public async Task An_app_started_on_an_empty_database_migrates_before_anything_reads_it_and_logs_no_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync("startup_empty", ct);
        var logs = new LogCapture();
        await using var app = TicketingWebApp.Build(
        [
            "--environment=Testing",
            $"--ConnectionStrings:Ticketing={database.ConnectionString}",
            "--Ticketing:Database:MigrateOnStartup=true",
            "--Ticketing:Jobs:RunServer=false",
            "--Ticketing:Seed:AdminEmail=first.admin@ticketing.local",
            "--Ticketing:Seed:AdminPassword=First-Admin-Password-2026",
            "--urls=http://127.0.0.1:0",
        ], runStartupTasks: true, services => services.AddSingleton<ILoggerProvider>(logs));

        await app.StartAsync(ct);

        await using (var db = database.CreateDbContext())
        {
            (await db.Database.GetPendingMigrationsAsync(ct)).ShouldBeEmpty();
            (await db.Users.CountAsync(ct)).ShouldBe(1, "the first admin was seeded");
        }

        logs.Lines.Where(line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal))
            .ShouldBeEmpty();
        await app.StopAsync(ct);
    }
}
