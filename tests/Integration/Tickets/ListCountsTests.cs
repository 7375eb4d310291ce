using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Queries.GetListCounts;
using Ticketing.Application.Views.Commands.SaveView;
using Ticketing.Application.Views.Commands.ShareView;
using Ticketing.Domain.Tickets;

namespace Ticketing.IntegrationTests.Tickets;

/// <summary>
/// The counts beside the list's presets and views, against PostgreSQL: each agrees with a plain
/// count of the same tickets, per user where "my" is involved, and follows a change to the mirror.
/// </summary>
public sealed class ListCountsTests : IAsyncLifetime
{
    private const string Active = "status IN ('open','in_progress','pending','on_hold')";

    private TestApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "list-counts", SeedUsers = true });
        var now = DateTimeOffset.UtcNow;
        var statuses = Enum.GetValues<TicketStatus>();
        var priorities = Enum.GetValues<TicketPriority>();
        string?[] assignees = [null, "agt_1", "agt_2", "agt_3"];
        await _app.Database.ReplaceTicketsAsync([.. Enumerable.Range(0, 240).Select(i =>
        {
            var ticket = TicketFactory.Create(statuses[i % statuses.Length], priorities[i / 7 % priorities.Length], now.AddDays(-3).AddMinutes(i),
                dueDate: (i % 5) switch { 0 => null, 1 => now.AddHours(-i % 30 - 1), 2 => now.AddMinutes(30 + i), _ => now.AddDays(2) },
                deletedAt: i % 37 == 0 ? now : null);
            ticket.AssigneeId = assignees[i / 3 % assignees.Length];
            ticket.Department = i % 2 == 0 ? "Finance" : "IT Operations";
            ticket.Category = i % 11 == 0 ? null : ticket.Category;
            return ticket;
        })]);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_preset_and_view_count_agrees_with_a_count_of_the_same_tickets()
    {
        var pending = await _app.SendAsync(new SaveViewCommand("Pending in finance", "status=pending&department=Finance"), TestUser.Staff);
        var lowShared = await _app.SendAsync(new SaveViewCommand("Low, anyone's", "priority=low,medium&assignee=unassigned&assignee=agt_2"), TestUser.Admin);
        await _app.SendAsync(new ShareViewCommand(lowShared.Id, Shared: true), TestUser.Admin);
        var adminsOwn = await _app.SendAsync(new SaveViewCommand("Admin's own", "status=open"), TestUser.Admin);
        // The breach prediction's flags: two unresolved tickets likely to breach, one resolved since, one estimated only.
        await _app.ExecuteAsync(
            $"""
            INSERT INTO ticket_breach_risk (ticket_id, probability, similar_share, stratum_level, sample_size, target_hours, hours_left, load_factor, likely, likely_since, computed_at)
            SELECT id, 0.8, 0.8, 1, 40, 30, 6, 1, n <> 3, CASE WHEN n <> 3 THEN now() END, now()
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tickets_cache WHERE deleted_at IS NULL AND {Active}) a WHERE n <= 3
            UNION ALL
            SELECT id, 0.8, 0.8, 1, 40, 30, 6, 1, true, now(), now() FROM (SELECT id FROM tickets_cache WHERE deleted_at IS NULL AND NOT ({Active}) ORDER BY id LIMIT 1) r
            """);

        var staff = await _app.SendAsync(new GetListCountsQuery(), TestUser.Staff);

        staff.Presets["my-open"].ShouldBe(await CountAsync($"assignee_id = 'agt_1' AND {Active}"));
        staff.Presets["unassigned"].ShouldBe(await CountAsync($"assignee_id IS NULL AND {Active}"));
        staff.Presets["unresolved"].ShouldBe(await CountAsync(Active));
        staff.Presets["overdue"].ShouldBe(await CountAsync($"{Active} AND due_date < now()"));
        staff.Presets["at-risk"].ShouldBe(await CountAsync($"{Active} AND due_date >= now() AND due_date < now() + interval '4 hours'"));
        staff.Presets["critical"].ShouldBe(await CountAsync($"{Active} AND priority IN ('critical','urgent')"));
        staff.Presets["likely"].ShouldBe(2);
        staff.Presets["uncategorized"].ShouldBe(await CountAsync($"{Active} AND coalesce(btrim(category), '') = ''"));
        staff.Views[pending.Id].ShouldBe(await CountAsync("status = 'pending' AND department = 'Finance'"));
        staff.Views[lowShared.Id].ShouldBe(await CountAsync("priority IN ('low','medium') AND (assignee_id IS NULL OR assignee_id = 'agt_2')"));
        staff.Views.ShouldNotContainKey(adminsOwn.Id, "another user's personal view is not counted for them");
        staff.Presets.Values.ShouldAllBe(n => n > 0, "the seeded set gives every preset something to count");

        // The admin is not linked to a Championship IT agent: "My open" cannot apply, so it has no count (not a zero).
        var admin = await _app.SendAsync(new GetListCountsQuery(), TestUser.Admin);
        admin.Presets["my-open"].ShouldBeNull();
        admin.Views.Keys.ShouldBe([lowShared.Id, adminsOwn.Id], ignoreOrder: true);
        admin.Views[adminsOwn.Id].ShouldBe(await CountAsync("status = 'open'"));
    }

    [Fact]
    public async Task A_change_to_the_mirror_shows_in_the_next_counts_despite_the_cache()
    {
        var before = await _app.SendAsync(new GetListCountsQuery(), TestUser.Staff);
        (await _app.SendAsync(new GetListCountsQuery(), TestUser.Staff)).Presets["unresolved"].ShouldBe(before.Presets["unresolved"]);

        var added = TicketFactory.Create(TicketStatus.Open, TicketPriority.Critical, DateTimeOffset.UtcNow);
        added.AssigneeId = "agt_1";
        await _app.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .UpsertManyAsync([added], ChangeSource.Webhook, DateTimeOffset.UtcNow, touchUnchanged: false, Ct));

        var after = await _app.SendAsync(new GetListCountsQuery(), TestUser.Staff);
        after.Presets["unresolved"].ShouldBe(before.Presets["unresolved"] + 1);
        after.Presets["critical"].ShouldBe(before.Presets["critical"] + 1);
        after.Presets["my-open"].ShouldBe(before.Presets["my-open"] + 1);
        after.Presets["unassigned"].ShouldBe(before.Presets["unassigned"]);
    }

    private async Task<int?> CountAsync(string condition) =>
        (int)await _app.ScalarAsync<long>($"SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL AND {condition}");
}
