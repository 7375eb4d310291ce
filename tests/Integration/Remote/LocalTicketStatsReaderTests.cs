using Npgsql;
using Shouldly;
using Ticketing.Application.Remote;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Remote;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.IntegrationTests.Remote;

public sealed class LocalTicketStatsReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_empty_cache_has_zero_figures_and_nothing_to_average()
    {
        await using var database = await TestDatabase.CreateAsync("localstats_empty", Ct);
        var stats = await ReadAsync(database);

        stats.TotalTickets.ShouldBe(0);
        stats.AvgResolutionTimeHours.ShouldBeNull();
        stats.SlaCompliancePercentage.ShouldBeNull();
        stats.TicketsByStatus.Keys.Count().ShouldBe(7);
        stats.TicketsByStatus.Values.ShouldAllBe(n => n == 0);
        stats.TicketsByCategory.ShouldBeEmpty();
        stats.FromLocalCache.ShouldBeTrue();
        stats.LocalDataAsOf.ShouldBeNull();
    }

    [Fact]
    public async Task Computes_the_remote_figures_over_live_cached_tickets()
    {
        await using var database = await TestDatabase.CreateAsync("localstats_known", Ct);
        await using (var seed = database.CreateDbContext())
        {
            var hardware = TicketFactory.Create(TicketStatus.OnHold, TicketPriority.Urgent, T0);
            hardware.Category = "Hardware";
            hardware.Department = null;
            hardware.LastSyncedAt = T0.AddDays(2);
            seed.Tickets.AddRange(
                TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, T0),
                TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Low, T0),
                // resolved in 10 h, due in 24 h: met
                TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Critical, T0, resolvedAt: T0.AddHours(10), dueDate: T0.AddHours(24)),
                // closed in 30 h, due in 24 h: breached
                TicketFactory.Create(TicketStatus.Closed, TicketPriority.High, T0, resolvedAt: T0.AddHours(30), dueDate: T0.AddHours(24)),
                // resolved in 20 h without a due date: the average only
                TicketFactory.Create(TicketStatus.Resolved, TicketPriority.Low, T0, resolvedAt: T0.AddHours(20)),
                TicketFactory.Create(TicketStatus.Cancelled, TicketPriority.Medium, T0),
                hardware,
                TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, T0, deletedAt: T0.AddDays(1)));
            await seed.SaveChangesAsync(Ct);
        }

        var stats = await ReadAsync(database);

        stats.TotalTickets.ShouldBe(7);
        stats.OpenTickets.ShouldBe(1);
        stats.InProgressTickets.ShouldBe(1);
        stats.ResolvedTickets.ShouldBe(3);
        stats.AvgResolutionTimeHours.ShouldBe(20.0);
        stats.SlaCompliancePercentage.ShouldBe(50.0);
        stats.TicketsByStatus.ShouldBe(new Dictionary<string, int>
        {
            ["open"] = 1, ["in_progress"] = 1, ["pending"] = 0, ["on_hold"] = 1, ["resolved"] = 2, ["closed"] = 1, ["cancelled"] = 1,
        }, ignoreOrder: true);
        stats.TicketsByPriority.ShouldBe(new Dictionary<string, int>
        {
            ["low"] = 2, ["medium"] = 1, ["high"] = 1, ["urgent"] = 1, ["critical"] = 2,
        }, ignoreOrder: true);
        stats.TicketsByCategory.ShouldBe(new Dictionary<string, int> { ["Network"] = 6, ["Hardware"] = 1 }, ignoreOrder: true);
        stats.TicketsByDepartment.ShouldBe(new Dictionary<string, int> { ["IT Operations"] = 6 }, ignoreOrder: true);
        // No sync recorded in the settings: the newest last_synced_at tells how fresh the figures are.
        stats.LocalDataAsOf.ShouldBe(T0.AddDays(2));
    }

    [Fact]
    public async Task The_last_successful_sync_of_the_settings_dates_the_figures()
    {
        await using var database = await TestDatabase.CreateAsync("localstats_sync", Ct);
        await using (var seed = database.CreateDbContext())
        {
            seed.Tickets.Add(TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, T0));
            seed.SystemConfigs.Add(new TicketingSystemConfig
            {
                ApiBaseUrl = "https://it.example.org/",
                LastSuccessfulSync = T0.AddHours(5),
                CreatedAt = T0,
                UpdatedAt = T0,
            });
            await seed.SaveChangesAsync(Ct);
        }

        var stats = await ReadAsync(database);

        stats.LocalDataAsOf.ShouldBe(T0.AddHours(5));
    }

    private static async Task<RemoteTicketStats> ReadAsync(TestDatabase database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        return await new LocalTicketStatsReader(new TicketAggregateReader(dataSource)).ReadAsync(Ct);
    }
}
