using Npgsql;
using Shouldly;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Tickets;
using SortDirection = Ticketing.Application.Tickets.SortDirection;

namespace Ticketing.IntegrationTests.Tickets;

/// <summary>The list's query builder against real PostgreSQL: every filter, sort, search and paging boundary.</summary>
public sealed class TicketListTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AtRisk = TimeSpan.FromHours(4);

    /// <summary>Sorts on one index each, with the ORDER BY that gives the same order in SQL.</summary>
    private static readonly (TicketSort Sort, string OrderBy)[] SortsWithOrder =
    [
        (TicketSort.Default, "t.updated_at DESC, t.id DESC"),
        (new TicketSort(TicketSortField.Created, SortDirection.Asc), "t.created_at ASC, t.id ASC"),
        (new TicketSort(TicketSortField.Priority, SortDirection.Desc), "t.priority_rank DESC, t.id DESC"),
    ];

    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private TicketListReader _reader = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("list");
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        _reader = new TicketListReader(_dataSource);
        await using var db = _database.CreateDbContext();
        db.Tickets.AddRange(
            Make("IT-1", "VPN drops every 10 minutes", TicketStatus.Open, TicketPriority.Critical, "Network", "IT Operations", "agt_1", "Sam Ito", created: -10, due: -2, updated: -1),
            Make("IT-2", "Printer jammed on floor 3", TicketStatus.InProgress, TicketPriority.High, "Hardware", "Finance", "agt_2", "Ana Lee", created: -9, due: 2, updated: -3),
            Make("IT-3", "New laptop for Dana", TicketStatus.Pending, TicketPriority.Low, "Hardware", "Engineering", null, null, created: -8, due: 48, updated: -5),
            Make("IT-4", "Email quota exceeded", TicketStatus.Resolved, TicketPriority.Medium, "Email", "Finance", "agt_1", "Sam Ito", created: -7, due: -30, updated: -7, resolved: -40),
            Make("IT-5", "vpn certificate expired 100%_done", TicketStatus.OnHold, TicketPriority.Urgent, "Network", "Engineering", "agt_2", "Ana Lee", created: -6, due: null, updated: -2),
            Make("IT-6", "Access to payroll share", TicketStatus.Closed, TicketPriority.Critical, "Access", "Finance", null, null, created: -5, due: 10, updated: -4, resolved: -6),
            Make("IT-7", "Monitor flickers", TicketStatus.Cancelled, TicketPriority.Low, "Hardware", "IT Operations", "agt_1", "Sam Ito", created: -4, due: 1, updated: -6),
            Make("IT-8", "Deleted VPN ticket", TicketStatus.Open, TicketPriority.Critical, "Network", "IT Operations", "agt_1", "Sam Ito", created: -3, due: -1, updated: -1, deleted: true));
        await db.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Default_view_lists_every_live_ticket_newest_update_first_and_never_a_deleted_one()
    {
        var page = await Query(TicketFilter.None);

        Numbers(page).ShouldBe(["IT-1", "IT-5", "IT-2", "IT-6", "IT-3", "IT-7", "IT-4"]);
        page.Total.ShouldBe(7);
        page.TotalIsCapped.ShouldBeFalse();
    }

    [Fact]
    public async Task Status_and_priority_filters_take_several_values()
    {
        var page = await Query(TicketFilter.None with
        {
            Statuses = [TicketStatus.Open, TicketStatus.InProgress, TicketStatus.OnHold],
            Priorities = [TicketPriority.Critical, TicketPriority.High],
        });

        Numbers(page).ShouldBe(["IT-1", "IT-2"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("Hardware", null, new[] { "IT-2", "IT-3", "IT-7" })]
    [InlineData(null, "Finance", new[] { "IT-2", "IT-4", "IT-6" })]
    [InlineData("Hardware", "Finance", new[] { "IT-2" })]
    public async Task Category_and_department_filters_match_exactly(string? category, string? department, string[] expected)
    {
        var page = await Query(TicketFilter.None with { Categories = category is null ? [] : [category], Departments = department is null ? [] : [department] });

        Numbers(page).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task Assignee_filter_finds_one_assignee_or_the_unassigned()
    {
        Numbers(await Query(TicketFilter.None with { Assignee = AssigneeFilter.Of("agt_2") }))
            .ShouldBe(["IT-2", "IT-5"], ignoreOrder: true);
        Numbers(await Query(TicketFilter.None with { Assignee = AssigneeFilter.Nobody }))
            .ShouldBe(["IT-3", "IT-6"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("vpn", new[] { "IT-1", "IT-5" })]
    [InlineData("VPN DROPS", new[] { "IT-1" })]
    [InlineData("IT-6", new[] { "IT-6" })]
    [InlineData("quota", new[] { "IT-4" })]
    [InlineData("100%_", new[] { "IT-5" })]
    [InlineData("0%d", new string[0])]
    [InlineData("'; DROP TABLE tickets_cache; --", new string[0])]
    [InlineData("vpn cert", new[] { "IT-5" })]
    [InlineData("drops VPN", new[] { "IT-1" })]
    [InlineData("minute", new[] { "IT-1" })]
    [InlineData("dana", new[] { "IT-3" })]
    [InlineData("details", new[] { "IT-1", "IT-2", "IT-3", "IT-4", "IT-5", "IT-6", "IT-7" })]
    [InlineData("T-4", new[] { "IT-4" })]
    [InlineData("%_%", new string[0])]
    [InlineData("rops", new string[0])]
    public async Task Search_finds_every_word_in_number_title_or_description_the_last_as_a_prefix_or_a_substring_of_the_number(string search, string[] expected)
    {
        Numbers(await Query(TicketFilter.None with { Search = search })).ShouldBe(expected, ignoreOrder: true);
    }

    [Theory]
    [InlineData("vpn", "'vpn':*")]
    [InlineData("VPN conn", "'VPN' & 'conn':*")]
    [InlineData("it's 'x' | !y & z:*", "'it' & 's' & 'x' & 'y' & 'z':*")]
    [InlineData("Ärger über Café", "'Ärger' & 'über' & 'Café':*")]
    [InlineData("%_ -- ();", null)]
    public void The_search_query_holds_only_the_words_of_the_text_the_last_as_a_prefix(string search, string? expected) =>
        TicketListSql.SearchQuery(search).ShouldBe(expected);

    [Fact]
    public async Task A_search_count_stops_at_its_own_smaller_cap()
    {
        await InsertManyAsync(TicketPage.SearchCountCap + 5);

        var page = await Query(TicketFilter.None with { Search = "bulk" }, TicketSort.Default, new PageRequest(1, 25));

        page.TotalIsCapped.ShouldBeTrue();
        page.Total.ShouldBe(TicketPage.SearchCountCap);
        page.Items.Count.ShouldBe(25);
    }

    // A word on 40 tickets (sorted from its matches), on 1,500 (counted past the cap, still sorted from its matches),
    // on 6,000 (more than the statement sorts: the page walks the sort's index) and on 12,000 (the cap proved on the
    // sample of ids alone). Every ticket that holds the word sits between two that do not.
    [Theory]
    [InlineData(40)]
    [InlineData(1_500)]
    [InlineData(6_000)]
    [InlineData(12_000)]
    public async Task A_search_pages_and_counts_as_the_list_sorts_and_counts_its_matches_however_many_there_are(int matching)
    {
        await InsertInterleavedAsync(matching, "needle");
        (TicketSort, string)[] sorts = [.. SortsWithOrder, (new TicketSort(TicketSortField.Due, SortDirection.Asc), "t.due_date ASC NULLS LAST, t.id ASC")];

        foreach (var (sort, orderBy) in sorts)
        {
            var expected = await NumbersAsync(
                $"SELECT t.ticket_number FROM tickets_cache t WHERE t.deleted_at IS NULL AND t.title LIKE 'needle %' ORDER BY {orderBy} LIMIT 75");
            foreach (var number in new[] { 1, 3 })
            {
                var page = await Query(TicketFilter.None with { Search = "needle" }, sort, new PageRequest(number, 25));

                Numbers(page).ShouldBe(expected.Skip((number - 1) * 25).Take(25).ToList(), $"{sort} page {number}");
                page.Total.ShouldBe(Math.Min(matching, TicketPage.SearchCountCap));
                page.TotalIsCapped.ShouldBe(matching > TicketPage.SearchCountCap);
            }
        }

        var past = await Query(TicketFilter.None with { Search = "needle" }, TicketSort.Default, new PageRequest(matching / 25 + 2, 25));
        past.Items.ShouldBeEmpty();
        past.Total.ShouldBe(Math.Min(matching, TicketPage.SearchCountCap));
    }

    [Fact]
    public async Task A_search_without_a_match_counts_none_and_lists_nothing()
    {
        var page = await Query(TicketFilter.None with { Search = "nowhere" }, TicketSort.Default, new PageRequest(1, 25));

        page.Items.ShouldBeEmpty();
        page.Total.ShouldBe(0);
        page.TotalIsCapped.ShouldBeFalse();
    }

    [Fact]
    public async Task Sla_filters_find_overdue_and_at_risk_open_tickets()
    {
        Numbers(await Query(TicketFilter.None with { Sla = SlaFilter.Overdue })).ShouldBe(["IT-1"]);
        Numbers(await Query(TicketFilter.None with { Sla = SlaFilter.AtRisk })).ShouldBe(["IT-2"]);
    }

    [Fact]
    public async Task Priority_sorts_by_severity_and_status_by_workflow_order()
    {
        var byPriority = Numbers(await Query(TicketFilter.None, new TicketSort(TicketSortField.Priority, SortDirection.Desc)));
        byPriority.Take(2).ShouldBe(["IT-1", "IT-6"], ignoreOrder: true);
        byPriority.Skip(2).Take(3).ShouldBe(["IT-5", "IT-2", "IT-4"]);
        byPriority.Skip(5).ShouldBe(["IT-3", "IT-7"], ignoreOrder: true);
        Numbers(await Query(TicketFilter.None, new TicketSort(TicketSortField.Status, SortDirection.Asc)))
            .ShouldBe(["IT-1", "IT-2", "IT-3", "IT-5", "IT-4", "IT-6", "IT-7"]);
    }

    [Fact]
    public async Task Due_date_sort_puts_tickets_without_a_due_date_last_in_both_directions()
    {
        Numbers(await Query(TicketFilter.None, new TicketSort(TicketSortField.Due, SortDirection.Asc)))
            .ShouldBe(["IT-4", "IT-1", "IT-7", "IT-2", "IT-6", "IT-3", "IT-5"]);
        Numbers(await Query(TicketFilter.None, new TicketSort(TicketSortField.Due, SortDirection.Desc)))
            .ShouldBe(["IT-3", "IT-6", "IT-2", "IT-7", "IT-1", "IT-4", "IT-5"]);
    }

    [Fact]
    public async Task Created_sort_ascending_is_oldest_first()
    {
        Numbers(await Query(TicketFilter.None, new TicketSort(TicketSortField.Created, SortDirection.Asc)))
            .ShouldBe(["IT-1", "IT-2", "IT-3", "IT-4", "IT-5", "IT-6", "IT-7"]);
    }

    [Fact]
    public async Task Pages_split_the_list_without_gaps_or_overlaps_and_a_page_past_the_end_is_empty()
    {
        var all = Numbers(await Query(TicketFilter.None, TicketSort.Default, new PageRequest(1, 100)));
        await InsertManyAsync(60);
        var everything = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await Query(TicketFilter.None, TicketSort.Default, new PageRequest(page, 25));
            result.Total.ShouldBe(67);
            result.TotalPages.ShouldBe(3);
            result.HasNext.ShouldBe(page < 3);
            everything.AddRange(Numbers(result));
        }

        everything.Count.ShouldBe(67);
        everything.Distinct().Count().ShouldBe(67);
        all.ShouldBeSubsetOf(everything);
        (await Query(TicketFilter.None, TicketSort.Default, new PageRequest(4, 25))).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Ties_on_the_sort_column_are_broken_by_id_so_paging_is_stable()
    {
        await InsertManyAsync(40, sameUpdatedAt: true);
        var first = await Query(TicketFilter.None, TicketSort.Default, new PageRequest(1, 25));
        var second = await Query(TicketFilter.None, TicketSort.Default, new PageRequest(2, 25));

        Numbers(first).Concat(Numbers(second)).Distinct().Count().ShouldBe(47);
        Numbers(await Query(TicketFilter.None, TicketSort.Default, new PageRequest(1, 25))).ShouldBe(Numbers(first));
    }

    [Fact]
    public async Task Statuses_and_priorities_alone_are_counted_exactly_past_the_cap_and_any_other_filter_stops_at_it()
    {
        await InsertManyAsync(TicketPage.CountCap + 10);

        // The kept counters answer these: exact, however many (the 10,010 bulk tickets are open and low, beside the 7 live seeded).
        var all = await Query(TicketFilter.None, TicketSort.Default, new PageRequest(1, 25));
        all.TotalIsCapped.ShouldBeFalse();
        all.Total.ShouldBe(TicketPage.CountCap + 17);
        all.TotalPages.ShouldBe((TicketPage.CountCap + 17 + 24) / 25);
        all.HasNext.ShouldBeTrue();
        var openLow = await Query(TicketFilter.None with { Statuses = [TicketStatus.Open], Priorities = [TicketPriority.Low] }, new TicketSort(TicketSortField.Created, SortDirection.Asc));
        openLow.Total.ShouldBe(TicketPage.CountCap + 10);
        openLow.TotalIsCapped.ShouldBeFalse();

        // Any other condition is counted on the rows, up to the cap.
        var uncategorized = await Query(TicketFilter.None with { Categories = [TicketFilter.NoCategory] }, TicketSort.Default, new PageRequest(1, 25));
        uncategorized.TotalIsCapped.ShouldBeTrue();
        uncategorized.Total.ShouldBe(TicketPage.CountCap);
        uncategorized.HasNext.ShouldBeTrue();
        uncategorized.TotalPages.ShouldBeNull();
    }

    [Fact]
    public async Task While_an_initial_load_has_not_rebuilt_the_counters_the_rows_are_counted_up_to_the_cap()
    {
        await InsertManyAsync(TicketPage.CountCap + 10);
        // As an initial load leaves them until its deferred step: the counters wrong, the step still to run.
        await ExecuteAsync("UPDATE ticket_counts SET tickets = 0");
        await ExecuteAsync("INSERT INTO deferred_mirror_work (name, statement) VALUES ('counters', 'SELECT ticket_counters_rebuild()')");

        var all = await Query(TicketFilter.None, TicketSort.Default, new PageRequest(1, 25));
        all.TotalIsCapped.ShouldBeTrue();
        all.Total.ShouldBe(TicketPage.CountCap);
        var pending = await Query(TicketFilter.None with { Statuses = [TicketStatus.Pending] });
        pending.Total.ShouldBe(1);
        pending.TotalIsCapped.ShouldBeFalse();
        // A deep page is read from the start then (its count is not exact).
        var deep = await Query(TicketFilter.None, TicketSort.Default, new PageRequest(401, 25));
        Numbers(deep).ShouldBe(await NumbersAsync(
            "SELECT t.ticket_number FROM tickets_cache t WHERE t.deleted_at IS NULL ORDER BY t.updated_at DESC, t.id DESC LIMIT 25 OFFSET 10000"));
    }

    [Fact]
    public async Task The_exact_count_follows_every_change_the_mirror_takes()
    {
        await InsertManyAsync(60);
        await ExecuteAsync("UPDATE tickets_cache SET status = 'resolved', resolved_at = updated_at WHERE ticket_number LIKE 'BULK-00001%'");
        await ExecuteAsync("UPDATE tickets_cache SET priority = 'critical' WHERE ticket_number LIKE 'BULK-00002%' OR ticket_number = 'BULK-000011'");
        await ExecuteAsync("UPDATE tickets_cache SET deleted_at = @now WHERE ticket_number IN ('BULK-000003', 'BULK-000012', 'IT-1')");
        await ExecuteAsync("UPDATE tickets_cache SET deleted_at = NULL WHERE ticket_number = 'IT-8'");
        await ExecuteAsync("DELETE FROM tickets_cache WHERE ticket_number IN ('BULK-000004', 'BULK-000013')");

        var filters = new (TicketStatus[] Statuses, TicketPriority[] Priorities)[]
        {
            ([], []), ([TicketStatus.Open], []), ([TicketStatus.Resolved], []), ([], [TicketPriority.Low]), ([], [TicketPriority.Critical]),
            ([TicketStatus.Open], [TicketPriority.Low, TicketPriority.Critical]), ([TicketStatus.Resolved, TicketStatus.Closed], [TicketPriority.Critical]),
            ([TicketStatus.Cancelled], [TicketPriority.Urgent]),
        };
        foreach (var (statuses, priorities) in filters)
        {
            var page = await Query(TicketFilter.None with { Statuses = statuses, Priorities = priorities });
            var condition = (statuses.Length == 0 ? "" : $" AND status IN ({string.Join(", ", statuses.Select(x => $"'{Ticketing.Domain.Common.WireName<TicketStatus>.Of(x)}'"))})") +
                (priorities.Length == 0 ? "" : $" AND priority IN ({string.Join(", ", priorities.Select(x => $"'{Ticketing.Domain.Common.WireName<TicketPriority>.Of(x)}'"))})");
            var counted = await NumbersAsync($"SELECT count(*)::text FROM tickets_cache WHERE deleted_at IS NULL{condition}");
            page.Total.ShouldBe(int.Parse(counted[0], System.Globalization.CultureInfo.InvariantCulture), $"{string.Join('+', statuses)} / {string.Join('+', priorities)}");
            page.TotalIsCapped.ShouldBeFalse();
        }
    }

    [Theory]
    [InlineData(25)]
    [InlineData(100)]
    public async Task A_page_past_the_middle_of_a_long_list_is_read_from_its_end_and_is_the_same_page(int size)
    {
        await InsertManyAsync(2 * TicketPage.CountCap + 13);
        var live = 2 * TicketPage.CountCap + 13 + 7;
        var lastPage = (live + size - 1) / size;
        (TicketSort, string)[] sorts = [.. SortsWithOrder, (new TicketSort(TicketSortField.Status, SortDirection.Asc), "t.status_rank ASC, t.id ASC")];

        foreach (var (sort, orderBy) in sorts)
        {
            var expected = await NumbersAsync($"SELECT t.ticket_number FROM tickets_cache t WHERE t.deleted_at IS NULL ORDER BY {orderBy}");
            expected.Count.ShouldBe(live);
            // Before the middle (read from the start), just past it, the page before the last, the last (partial), and past the end.
            foreach (var number in new[] { TicketPage.CountCap / size + 1, live / 2 / size + 2, lastPage - 1, lastPage, lastPage + 1, lastPage + 1000 })
            {
                var page = await Query(TicketFilter.None, sort, new PageRequest(number, size));

                Numbers(page).ShouldBe([.. expected.Skip((number - 1) * size).Take(size)], $"{sort} page {number} of {size}");
                page.Total.ShouldBe(live);
                page.TotalIsCapped.ShouldBeFalse();
                page.HasNext.ShouldBe(number < lastPage);
            }
        }

        // The due sort has no single index to walk back: its deep pages are read from the start, and are the same pages.
        var dueLast = await Query(TicketFilter.None, new TicketSort(TicketSortField.Due, SortDirection.Asc), new PageRequest(lastPage, size));
        dueLast.Items.Count.ShouldBe(live - (lastPage - 1) * size);
        dueLast.Total.ShouldBe(live);
    }

    [Fact]
    public async Task A_page_number_no_list_reaches_is_an_empty_page_not_an_error()
    {
        var page = await Query(TicketFilter.None, TicketSort.Default, new PageRequest(int.MaxValue, 100));

        page.Items.ShouldBeEmpty();
        page.Total.ShouldBe(7);
        page.HasNext.ShouldBeFalse();
        var filtered = await Query(TicketFilter.None with { Categories = ["Hardware"] }, TicketSort.Default, new PageRequest(int.MaxValue, 100));
        filtered.Items.ShouldBeEmpty();
        filtered.Total.ShouldBe(3);
    }

    [Fact]
    public async Task The_export_stream_yields_every_matching_row_in_order()
    {
        var rows = new List<string>();
        await foreach (var item in _reader.StreamAsync(TicketFilter.None with { Categories = ["Hardware"] }, new TicketSort(TicketSortField.Created, SortDirection.Desc), Now, AtRisk, Ct))
        {
            rows.Add(item.TicketNumber);
        }

        rows.ShouldBe(["IT-7", "IT-3", "IT-2"]);
    }

    [Fact]
    public async Task Lookups_list_the_distinct_categories_departments_and_assignees_of_live_tickets()
    {
        var lookups = await _reader.GetLookupsAsync(Ct);

        lookups.Categories.ShouldBe(["Access", "Email", "Hardware", "Network"]);
        lookups.Departments.ShouldBe(["Engineering", "Finance", "IT Operations"]);
        lookups.Assignees.Select(a => $"{a.AssigneeId}:{a.Name}").ShouldBe(["agt_2:Ana Lee", "agt_1:Sam Ito"]);
    }

    private Task<TicketPage> Query(TicketFilter filter, TicketSort? sort = null, PageRequest? page = null) =>
        _reader.QueryAsync(filter, sort ?? TicketSort.Default, page ?? new PageRequest(1, 100), Now, AtRisk, Ct);

    private static List<string> Numbers(TicketPage page) => [.. page.Items.Select(i => i.TicketNumber)];

    private async Task InsertManyAsync(int count, bool sameUpdatedAt = false)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO tickets_cache (external_ticket_id, ticket_number, title, status, priority, created_at, updated_at, tags, last_synced_at)
            SELECT 'bulk_' || g, 'BULK-' || lpad(g::text, 6, '0'), 'Bulk ticket ' || g, 'open', 'low',
                   @now - interval '30 days', CASE WHEN @same THEN @now - interval '20 days' ELSE @now - interval '20 days' - g * interval '1 second' END,
                   ARRAY[]::text[], @now
            FROM generate_series(1, @count) g
            """, connection);
        command.Parameters.AddWithValue("now", Now);
        command.Parameters.AddWithValue("same", sameUpdatedAt);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>
    /// <paramref name="matching"/> tickets titled "<paramref name="word"/> n", each followed in update order by one
    /// titled "filler n"; due dates (some empty) and priorities vary so that every sort has its own order.
    /// </summary>
    private async Task InsertInterleavedAsync(int matching, string word)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO tickets_cache (external_ticket_id, ticket_number, title, status, priority, created_at, updated_at, due_date, tags, last_synced_at)
            SELECT 'mix_' || g, 'MIX-' || lpad(g::text, 6, '0'), CASE WHEN g % 2 = 0 THEN @word ELSE 'filler' END || ' ' || g, 'open',
                   (ARRAY['low', 'medium', 'high', 'urgent', 'critical'])[1 + g % 5],
                   @now - interval '60 days' + (g::bigint * 7919 % 10007) * interval '1 minute', @now - interval '10 days' - g * interval '1 second',
                   CASE WHEN g % 7 = 0 THEN NULL ELSE @now + (g::bigint * 104729 % 1009) * interval '1 hour' END,
                   ARRAY[]::text[], @now
            FROM generate_series(1, 2 * @matching) g
            """, connection);
        command.Parameters.AddWithValue("now", Now);
        command.Parameters.AddWithValue("word", word);
        command.Parameters.AddWithValue("matching", matching);
        await command.ExecuteNonQueryAsync(Ct);
        await using var analyze = new NpgsqlCommand("ANALYZE tickets_cache", connection);
        await analyze.ExecuteNonQueryAsync(Ct);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("now", Now);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<List<string>> NumbersAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var numbers = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            numbers.Add(reader.GetString(0));
        }

        return numbers;
    }

    private static Ticket Make(string number, string title, TicketStatus status, TicketPriority priority, string category, string department,
        string? assigneeId, string? assigneeName, int created, int? due, int updated, int? resolved = null, bool deleted = false) => new()
    {
        Id = Guid.CreateVersion7(),
        ExternalTicketId = "tkt_" + number,
        TicketNumber = number,
        Title = title,
        Description = $"Details about {title.ToLowerInvariant()}.",
        Status = status,
        Priority = priority,
        Category = category,
        Department = department,
        AssigneeId = assigneeId,
        AssigneeName = assigneeName,
        RequesterName = "Dana Ruiz",
        CreatedAt = Now.AddHours(created),
        UpdatedAt = Now.AddHours(updated),
        ResolvedAt = resolved is { } r ? Now.AddHours(r) : null,
        DueDate = due is { } d ? Now.AddHours(d) : null,
        LastSyncedAt = Now,
        DeletedAt = deleted ? Now : null,
    };
}
