using System.Globalization;
using System.Net;
using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class TicketListingTests(ReadOnlySimulatorFixture fixture) : IClassFixture<ReadOnlySimulatorFixture>
{
    private IReadOnlyList<Ticket> All => fixture.Tickets;

    [Fact]
    public async Task Default_page_holds_50_tickets_by_updated_at_then_id()
    {
        using var client = fixture.Host.CreateClient();

        var list = await client.ListAsync();

        list.Pagination.ShouldBe(new PaginationView(1, 50, 600, 12));
        list.Data.Select(t => t.Id).ShouldBe(ExpectedOrder.Of(All, "updated_at", descending: false).Take(50));
    }

    [Fact]
    public async Task Total_pages_round_up()
    {
        using var client = fixture.Host.CreateClient();

        var list = await client.ListAsync("?limit=70&page=9");

        list.Pagination.ShouldBe(new PaginationView(9, 70, 600, 9));
        list.Data.Count.ShouldBe(600 - (8 * 70));
    }

    [Fact]
    public async Task Clamps_the_limit_to_500()
    {
        using var client = fixture.Host.CreateClient();

        var list = await client.ListAsync("?limit=1000");

        list.Pagination.Limit.ShouldBe(500);
        list.Pagination.TotalPages.ShouldBe(2);
        list.Data.Count.ShouldBe(500);
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_keeps_the_total()
    {
        using var client = fixture.Host.CreateClient();

        var list = await client.ListAsync("?page=99&limit=100");

        list.Data.ShouldBeEmpty();
        list.Pagination.ShouldBe(new PaginationView(99, 100, 600, 6));
    }

    [Theory]
    [InlineData("updated_at", "asc")]
    [InlineData("updated_at", "desc")]
    [InlineData("created_at", "asc")]
    [InlineData("created_at", "desc")]
    [InlineData("priority", "asc")]
    [InlineData("priority", "desc")]
    [InlineData("status", "asc")]
    [InlineData("status", "desc")]
    [InlineData("due_date", "asc")]
    [InlineData("due_date", "desc")]
    public async Task Sorts_with_ties_broken_by_id_on_small_and_large_pages(string sortBy, string direction)
    {
        using var client = fixture.Host.CreateClient();
        var expected = ExpectedOrder.Of(All, sortBy, direction == "desc");

        // Small pages take the partial-selection path, a 500 page the full sort.
        var small = await PageThroughAsync(client, $"sort_by={sortBy}&sort_direction={direction}", limit: 40);
        var large = await PageThroughAsync(client, $"sort_by={sortBy}&sort_direction={direction}", limit: 500);

        small.ShouldBe(expected);
        large.ShouldBe(expected);
    }

    [Fact]
    public async Task Priority_sorts_by_severity_not_alphabetically()
    {
        using var client = fixture.Host.CreateClient();

        var ascending = await PageThroughAsync(client, "sort_by=priority", limit: 500);

        var priorities = ascending.Select(id => All.Single(t => t.Id == id).Priority.ToWire()).Distinct().ToList();
        priorities.ShouldBe(ExpectedOrder.Severity);
    }

    [Fact]
    public async Task Status_sorts_in_workflow_order()
    {
        using var client = fixture.Host.CreateClient();

        var ascending = await PageThroughAsync(client, "sort_by=status", limit: 500);

        var statuses = ascending.Select(id => All.Single(t => t.Id == id).Status.ToWire()).Distinct().ToList();
        statuses.ShouldBe(ExpectedOrder.Workflow);
    }

    [Fact]
    public async Task Tickets_without_a_due_date_come_last_in_both_directions()
    {
        using var client = fixture.Host.CreateClient();
        All.ShouldContain(t => t.DueDate == null, "the seed should include tickets without a due date");

        foreach (var direction in new[] { "asc", "desc" })
        {
            var ids = await PageThroughAsync(client, $"sort_by=due_date&sort_direction={direction}", limit: 500);
            var dueDates = ids.Select(id => All.Single(t => t.Id == id).DueDate).ToList();
            dueDates.SkipWhile(d => d != null).ShouldAllBe(d => d == null);
        }
    }

    [Theory]
    [InlineData("status=open")]
    [InlineData("status=open,closed")]
    [InlineData("status=in_progress&status=pending")]
    [InlineData("priority=critical,urgent")]
    [InlineData("category=network")]
    [InlineData("category=Network,Email")]
    [InlineData("department=Finance")]
    [InlineData("assignee_id=agt_3")]
    [InlineData("status=open&priority=high")]
    public async Task Filters_return_exactly_the_matching_tickets(string query)
    {
        using var client = fixture.Host.CreateClient();
        var parameters = query.Split('&').Select(p => p.Split('=')).GroupBy(p => p[0], p => p[1])
            .ToDictionary(g => g.Key, g => g.SelectMany(v => v.Split(',')).ToHashSet(StringComparer.OrdinalIgnoreCase));
        bool Keep(string name, string? value) => !parameters.TryGetValue(name, out var allowed) || (value is not null && allowed.Contains(value));
        var expected = All
            .Where(t => Keep("status", t.Status.ToWire()) && Keep("priority", t.Priority.ToWire()) && Keep("category", t.Category)
                && Keep("department", t.Department) && Keep("assignee_id", t.AssigneeId))
            .Select(t => t.Id)
            .ToList();

        var ids = await PageThroughAsync(client, query, limit: 100);

        expected.ShouldNotBeEmpty();
        ids.ShouldBe(expected);
    }

    [Theory]
    [InlineData("VpN")]
    [InlineData("restart did not help")]
    [InlineData("it-000123")]
    [InlineData("café")]
    public async Task Search_matches_number_title_or_description_ignoring_case(string search)
    {
        using var client = fixture.Host.CreateClient();
        var expected = All
            .Where(t => t.TicketNumber.Contains(search, StringComparison.OrdinalIgnoreCase)
                || t.Title.Contains(search, StringComparison.OrdinalIgnoreCase)
                || (t.Description?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false))
            .Select(t => t.Id)
            .ToList();

        var ids = await PageThroughAsync(client, "search=" + Uri.EscapeDataString(search), limit: 100);

        expected.ShouldNotBeEmpty();
        ids.ShouldBe(expected);
    }

    [Fact]
    public async Task Search_finds_text_only_present_in_descriptions()
    {
        using var client = fixture.Host.CreateClient();

        var list = await client.ListAsync("?search=" + Uri.EscapeDataString("Colleagues next to me") + "&limit=500");

        list.Data.ShouldNotBeEmpty();
        list.Data.ShouldAllBe(t => t.Description!.Contains("Colleagues next to me") && !t.Title.Contains("Colleagues"));
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("+02:00")]
    [InlineData("+00:00 unencoded")]
    public async Task Updated_since_keeps_tickets_updated_at_or_after_the_instant(string offset)
    {
        using var client = fixture.Host.CreateClient();
        var since = All[350].UpdatedAt;
        var text = offset switch
        {
            "Z" => since.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            "+02:00" => Uri.EscapeDataString(new DateTimeOffset(since).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)),
            // A client that forgets to encode '+' sends a space; the simulator reads it back as '+'.
            _ => since.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+00:00",
        };

        var ids = await PageThroughAsync(client, "updated_since=" + text, limit: 100);

        ids.ShouldBe(All.Where(t => t.UpdatedAt >= since).Select(t => t.Id));
        ids.Count.ShouldBeGreaterThanOrEqualTo(250);
    }

    [Theory]
    [InlineData("page=abc", "page")]
    [InlineData("page=0", "page")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("sort_by=foo", "sort_by")]
    [InlineData("sort_direction=sideways", "sort_direction")]
    [InlineData("status=open,weird", "status")]
    [InlineData("priority=extreme", "priority")]
    [InlineData("updated_since=yesterday", "updated_since")]
    public async Task Bad_query_values_answer_422_naming_the_parameter(string query, string field)
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync("tickets?" + query, Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = (await response.ReadAsync<ErrorView>()).Error;
        error.Code.ShouldBe("validation_failed");
        error.Details.ShouldNotBeNull().ShouldContainKey(field);
    }

    [Fact]
    public async Task Get_by_id_returns_every_field_of_the_stored_ticket()
    {
        using var client = fixture.Host.CreateClient();
        var stored = All.First(t => t.AssigneeId != null && t.ResolvedAt != null && t.Description != null);

        var ticket = await client.GetTicketAsync(stored.Id);

        TicketAssert.Matches(ticket, stored);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_answers_404_with_an_error_body()
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync("tickets/tkt_DOESNOTEXI", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.ReadAsync<ErrorView>()).Error.Code.ShouldBe("not_found");
    }

    [Fact]
    public async Task Stats_is_not_taken_for_a_ticket_id()
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync("tickets/stats", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Wire.Ct)).ShouldContain("\"total_tickets\":600");
    }

    [Fact]
    public async Task A_method_the_contract_lacks_answers_405_with_an_error_body()
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.DeleteAsync($"tickets/{All[0].Id}", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await response.ReadAsync<ErrorView>()).Error.Code.ShouldBe("method_not_allowed");
        fixture.Host.Store.Count.ShouldBe(600);
    }

    private static async Task<List<string>> PageThroughAsync(HttpClient client, string query, int limit)
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var list = await client.ListAsync($"?{query}&limit={limit}&page={page}");
            ids.AddRange(list.Data.Select(t => t.Id));
            if (page >= list.Pagination.TotalPages)
            {
                list.Pagination.Total.ShouldBe(ids.Count);
                return ids;
            }
        }
    }
}
