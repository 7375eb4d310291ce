using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Domain.Tickets;
using Ticketing.Simulator.Faults;

namespace Ticketing.IntegrationTests.Remote;

public sealed class RemoteStatsTests(RemoteClientFixture fixture) : IClassFixture<RemoteClientFixture>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fixture.Simulator.Faults.Reset();

    [Fact]
    public async Task Stats_come_from_the_remote_and_are_cached()
    {
        await using var remote = await fixture.ConnectAsync();
        var expected = fixture.Simulator.Store.Stats();

        var stats = await remote.Api.GetStatsAsync(refresh: false, Ct);
        var requests = fixture.Simulator.Counters.Requests;
        var cached = await remote.Api.GetStatsAsync(refresh: false, Ct);

        stats.FromLocalCache.ShouldBeFalse();
        stats.LocalDataAsOf.ShouldBeNull();
        stats.TotalTickets.ShouldBe(expected.TotalTickets);
        stats.OpenTickets.ShouldBe(expected.OpenTickets);
        stats.ResolvedTickets.ShouldBe(expected.ResolvedTickets);
        stats.AvgResolutionTimeHours.ShouldBe(expected.AvgResolutionTimeHours);
        stats.TicketsByStatus.ShouldBe(expected.TicketsByStatus, ignoreOrder: true);
        stats.TicketsByPriority.Values.Sum().ShouldBe(expected.TotalTickets);
        stats.TicketsByCategory.ShouldBe(expected.TicketsByCategory, ignoreOrder: true);
        cached.TotalTickets.ShouldBe(stats.TotalTickets);
        fixture.Simulator.Counters.Requests.ShouldBe(requests);
    }

    [Fact]
    public async Task When_the_remote_is_down_stats_come_from_the_local_cache_and_say_so()
    {
        await using var remote = await fixture.ConnectAsync();
        var lastSync = T0.AddDays(3);
        await using (var db = fixture.Database.CreateDbContext())
        {
            db.Tickets.AddRange(
                TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, T0),
                TicketFactory.Create(TicketStatus.InProgress, TicketPriority.Low, T0),
                TicketFactory.Create(TicketStatus.Resolved, TicketPriority.High, T0, resolvedAt: T0.AddHours(10), dueDate: T0.AddHours(24)),
                TicketFactory.Create(TicketStatus.Open, TicketPriority.Low, T0, deletedAt: T0.AddDays(1)));
            var config = await db.SystemConfigs.SingleAsync(Ct);
            config.LastSuccessfulSync = lastSync;
            await db.SaveChangesAsync(Ct);
        }

        var fromRemote = await remote.Api.GetStatsAsync(refresh: false, Ct);
        fixture.Simulator.Faults.Current = new FaultSettings { Down = true };
        var fromLocal = await remote.Api.GetStatsAsync(refresh: true, Ct);

        fromRemote.FromLocalCache.ShouldBeFalse();
        fromLocal.FromLocalCache.ShouldBeTrue();
        fromLocal.LocalDataAsOf.ShouldBe(lastSync);
        fromLocal.FallbackReason!.ShouldContain("503");
        fromLocal.TotalTickets.ShouldBe(3);
        fromLocal.OpenTickets.ShouldBe(1);
        fromLocal.InProgressTickets.ShouldBe(1);
        fromLocal.ResolvedTickets.ShouldBe(1);
        fromLocal.AvgResolutionTimeHours.ShouldBe(10.0);
        fromLocal.SlaCompliancePercentage.ShouldBe(100.0);
        fromLocal.TicketsByPriority["critical"].ShouldBe(1);
        fromLocal.TicketsByPriority["urgent"].ShouldBe(0);
    }
}
