using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Ticketing.IntegrationTests.Persistence;

public sealed class StartupTests
{
    /// <summary>
    /// A first start on an empty database: the migrations run before any background worker (notification
    /// dispatcher, webhook processor) or the data-protection key ring reads a table, so the log holds no error.
    /// </summary>
    [Fact]
    public async Task The_app_builds_in_development_where_every_service_and_its_lifetime_is_checked_up_front()
    {
        // Development (what scripts/run.sh starts) validates scopes and builds every registration at start:
        // a singleton that holds a scoped service stops the app there, and nowhere else.
        await using var app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "development", Environment = "Development" });

        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Ticketing.Web.Security.DummyPasswordHash>().ShouldNotBeNull();
    }

    [Fact]
    public async Task An_app_started_on_an_empty_database_migrates_before_anything_reads_it_and_logs_no_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "startup_empty",
            EmptyDatabase = true,
            CaptureLogs = true,
            Simulator = null,
            SeedUsers = false,
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Remote:BaseUrl"] = null,
                ["Ticketing:Remote:ApiKey"] = null,
                ["Ticketing:Remote:WebhookSecret"] = null,
                ["Ticketing:Seed:AdminEmail"] = "first.admin@ticketing.local",
                ["Ticketing:Seed:AdminPassword"] = "First-Admin-Password-2026",
                // The log as an installation writes it: the levels of appsettings.json, not the capture's Debug.
                ["Logging:LogLevel:Default"] = null,
                ["Logging:LogLevel:Microsoft.AspNetCore"] = null,
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = null,
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = null,
                ["Logging:LogLevel:System.Net.Http"] = null,
            },
        });
        var database = app.Database;

        await using (var db = database.CreateDbContext())
        {
            (await db.Database.GetPendingMigrationsAsync(ct)).ShouldBeEmpty();
            (await db.Users.CountAsync(ct)).ShouldBe(1, "the first admin was seeded");
        }

        app.Logs!.Lines.Where(line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal))
            .ShouldBeEmpty();
        await app.StopAsync();
    }
}
