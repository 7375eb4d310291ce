using System.Text.Json;
using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class TicketStatsTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 300, Seed = 7 }, Wire.Ct);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Reports_the_contract_object_computed_over_the_live_tickets()
    {
        var tickets = _host.Store.Snapshot();
        var resolved = tickets.Where(t => t.Status is TicketStatus.Resolved or TicketStatus.Closed && t.ResolvedAt is not null).ToList();
        var withDue = resolved.Where(t => t.DueDate is not null).ToList();

        var stats = await GetStatsAsync();

        stats.GetProperty("total_tickets").GetInt32().ShouldBe(300);
        stats.GetProperty("open_tickets").GetInt32().ShouldBe(tickets.Count(t => t.Status == TicketStatus.Open));
        stats.GetProperty("in_progress_tickets").GetInt32().ShouldBe(tickets.Count(t => t.Status == TicketStatus.InProgress));
        stats.GetProperty("resolved_tickets").GetInt32().ShouldBe(tickets.Count(t => t.Status is TicketStatus.Resolved or TicketStatus.Closed));
        stats.GetProperty("avg_resolution_time_hours").GetDouble()
            .ShouldBe(Math.Round(resolved.Average(t => (t.ResolvedAt!.Value - t.CreatedAt).TotalHours), 1), 0.051);
        stats.GetProperty("sla_compliance_percentage").GetDouble()
            .ShouldBe(Math.Round(100.0 * withDue.Count(t => t.ResolvedAt <= t.DueDate) / withDue.Count, 1), 0.051);
        Counts(stats, "tickets_by_priority").ShouldBe(ExpectedOrder.Severity.ToDictionary(p => p, p => tickets.Count(t => t.Priority.ToWire() == p)));
        Counts(stats, "tickets_by_status").ShouldBe(ExpectedOrder.Workflow.ToDictionary(s => s, s => tickets.Count(t => t.Status.ToWire() == s)));
        Counts(stats, "tickets_by_category").ShouldBe(tickets.Where(t => t.Category is not null).GroupBy(t => t.Category!)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
        Counts(stats, "tickets_by_department").ShouldBe(tickets.Where(t => t.Department is not null).GroupBy(t => t.Department!)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public async Task The_seed_has_breached_and_met_slas_and_every_status()
    {
        var stats = await GetStatsAsync();

        stats.GetProperty("sla_compliance_percentage").GetDouble().ShouldBeInRange(60, 99.9);
        Counts(stats, "tickets_by_status").Values.ShouldAllBe(count => count > 0);
    }

    [Fact]
    public async Task Follows_changes()
    {
        using var client = _host.CreateClient();
        var open = _host.Store.Snapshot().First(t => t.Status == TicketStatus.Open);
        var before = (await GetStatsAsync()).GetProperty("open_tickets").GetInt32();

        using var response = await client.PatchJsonAsync($"tickets/{open.Id}", """{"status":"in_progress"}""");

        (await GetStatsAsync()).GetProperty("open_tickets").GetInt32().ShouldBe(before - 1);
    }

    private async Task<JsonElement> GetStatsAsync()
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync("tickets/stats", Wire.Ct);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<JsonElement>();
    }

    private static Dictionary<string, int> Counts(JsonElement stats, string property) =>
        stats.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
}
