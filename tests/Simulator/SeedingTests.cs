using System.Net.Mail;
using System.Text.Json;
using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class SeedingTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Lazy<IReadOnlyList<Ticket>> Seeded = new(() => new TicketSeeder(new TicketContent()).Generate(20_000, 42, Now).Sorted);

    private static IReadOnlyList<Ticket> Tickets => Seeded.Value;

    [Fact]
    public void The_same_seed_gives_the_same_tickets()
    {
        var seeder = new TicketSeeder(new TicketContent());

        var first = seeder.Generate(500, 5, Now).Sorted;
        var second = seeder.Generate(500, 5, Now).Sorted;
        var other = seeder.Generate(500, 6, Now).Sorted;

        second.ShouldBe(first);
        other.Select(t => t.Id).Intersect(first.Select(t => t.Id)).ShouldBeEmpty();
    }

    [Fact]
    public void Comes_sorted_by_updated_at_then_id_with_unique_ids_and_numbers()
    {
        Tickets.Zip(Tickets.Skip(1)).ShouldAllBe(pair =>
            pair.First.UpdatedAt < pair.Second.UpdatedAt
            || (pair.First.UpdatedAt == pair.Second.UpdatedAt && string.CompareOrdinal(pair.First.Id, pair.Second.Id) < 0));
        Tickets.Select(t => t.TicketNumber).Distinct().Count().ShouldBe(Tickets.Count);
        Tickets.ShouldAllBe(t => t.Id.Length == 14 && t.Id.StartsWith("tkt_"));
    }

    [Fact]
    public void Ticket_numbers_follow_creation_time()
    {
        var byNumber = Tickets.OrderBy(t => t.TicketNumber, StringComparer.Ordinal).ToList();

        byNumber.Zip(byNumber.Skip(1)).ShouldAllBe(pair => pair.First.CreatedAt <= pair.Second.CreatedAt);
        byNumber[0].TicketNumber.ShouldBe("IT-000001");
    }

    [Fact]
    public void Spans_the_last_90_days_with_consistent_timestamps()
    {
        Tickets.Min(t => t.CreatedAt).ShouldBeGreaterThanOrEqualTo(Now.AddDays(-90));
        Tickets.Max(t => t.UpdatedAt).ShouldBeLessThanOrEqualTo(Now);
        Tickets.ShouldAllBe(t => t.UpdatedAt >= t.CreatedAt);
        Tickets.ShouldAllBe(t => t.ResolvedAt == null || (t.ResolvedAt >= t.CreatedAt && t.ResolvedAt <= t.UpdatedAt));
        Tickets.ShouldAllBe(t => t.CreatedAt.Ticks % TimeSpan.TicksPerMillisecond == 0 && t.UpdatedAt.Ticks % TimeSpan.TicksPerMillisecond == 0);
    }

    [Fact]
    public void Has_a_realistic_mix_of_statuses_with_resolved_at_only_where_resolved()
    {
        var byStatus = Tickets.GroupBy(t => t.Status).ToDictionary(g => g.Key, g => g.Count());

        byStatus.Keys.Count.ShouldBe(7);
        (byStatus[TicketStatus.Resolved] + byStatus[TicketStatus.Closed]).ShouldBeGreaterThan(Tickets.Count / 2);
        (byStatus[TicketStatus.Open] + byStatus[TicketStatus.InProgress]).ShouldBeGreaterThan(Tickets.Count / 20);
        Tickets.ShouldAllBe(t => (t.ResolvedAt != null) == (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed));
    }

    [Fact]
    public void Due_dates_follow_the_priority_sla_and_some_are_breached()
    {
        var withDue = Tickets.Where(t => t.DueDate != null).ToList();

        withDue.ShouldAllBe(t => t.DueDate - t.CreatedAt == t.Priority.SlaTarget());
        withDue.Count.ShouldBeLessThan(Tickets.Count, "some tickets have no due date");
        var resolved = withDue.Where(t => t.ResolvedAt != null).ToList();
        var breached = resolved.Count(t => t.ResolvedAt > t.DueDate);
        ((double)breached / resolved.Count).ShouldBeInRange(0.03, 0.3);
        TicketPriority.Critical.SlaTarget().ShouldBe(TimeSpan.FromHours(4));
        TicketPriority.Low.SlaTarget().ShouldBe(TimeSpan.FromDays(7));
    }

    [Fact]
    public void Has_about_40_requesters_and_12_agents_and_some_unassigned_tickets()
    {
        Tickets.Select(t => t.RequesterId).Distinct().Count().ShouldBe(40);
        Tickets.Where(t => t.AssigneeId != null).Select(t => t.AssigneeId).Distinct().Count().ShouldBe(12);
        Tickets.ShouldContain(t => t.AssigneeId == null);
        Tickets.ShouldAllBe(t => (t.AssigneeId == null) == (t.AssigneeName == null));
        Tickets.Select(t => t.RequesterEmail).Distinct().ShouldAllBe(email => IsEmail(email));
    }

    [Fact]
    public void Covers_the_it_categories_with_matching_titles_and_tags()
    {
        var categories = Tickets.Where(t => t.Category != null).Select(t => t.Category).Distinct().ToList();

        categories.ShouldBe(["Network", "Hardware", "Software", "Access", "Email", "Security", "Printing", "Telephony"], ignoreOrder: true);
        Tickets.ShouldContain(t => t.Category == null);
        Tickets.ShouldContain(t => t.Title.Contains("VPN"));
        Tickets.ShouldContain(t => t.Description == null);
        Tickets.ShouldContain(t => t.Description != null && t.Description.Length > 50_000);
        Tickets.ShouldAllBe(t => t.Tags.Count > 0);
    }

    [Fact]
    public void Custom_fields_are_json_objects_some_with_asset_tags_and_nested_objects()
    {
        var parsed = Tickets.Select(t => JsonDocument.Parse(t.CustomFieldsJson).RootElement).ToList();

        parsed.ShouldAllBe(e => e.ValueKind == JsonValueKind.Object);
        parsed.ShouldContain(e => e.EnumerateObject().Any(p => p.Name == "asset_tag"));
        parsed.ShouldContain(e => e.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Object));
        parsed.ShouldContain(e => !e.EnumerateObject().Any());
    }

    [Fact]
    public void Includes_runs_of_tickets_sharing_one_updated_at()
    {
        var largestRun = Tickets.GroupBy(t => t.UpdatedAt).Max(g => g.Count());

        largestRun.ShouldBeGreaterThanOrEqualTo(20);
    }

    [Fact]
    public async Task Seeds_100_000_tickets_and_serves_a_cursor_page_from_them()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 100_000 }, TestContext.Current.CancellationToken);
        using var client = host.CreateClient();
        var all = host.Store.Snapshot();
        var since = all[60_000].UpdatedAt;

        using var response = await client.GetAsync(
            "tickets?limit=500&updated_since=" + Timestamps.Format(since), TestContext.Current.CancellationToken);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        host.Store.Count.ShouldBe(100_000);
        var firstIndex = all.Count(t => t.UpdatedAt < since);
        page.GetProperty("pagination").GetProperty("total").GetInt32().ShouldBe(100_000 - firstIndex);
        page.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("id").GetString())
            .ShouldBe(all.Skip(firstIndex).Take(500).Select(t => t.Id));
    }

    private static bool IsEmail(string? text) => MailAddress.TryCreate(text, out var address) && address.Address == text;
}
