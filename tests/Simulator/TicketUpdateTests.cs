using System.Net;
using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class TicketUpdateTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 100, Seed = 11 }, Wire.Ct);
        _client = _host.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Changes_the_given_fields_and_bumps_updated_at()
    {
        var before = OpenTicket();

        using var response = await _client.PatchJsonAsync($"tickets/{before.Id}", """
            {"title":"Renamed","priority":"critical","assignee_id":"agt_4","tags":["escalated"],
             "custom_fields":{"asset_tag":"LT-1"},"category":null,"due_date":"2031-05-06T07:08:09.010Z"}
            """);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await response.ReadAsync<TicketView>();
        after.Title.ShouldBe("Renamed");
        after.Priority.ShouldBe("critical");
        after.AssigneeId.ShouldBe("agt_4");
        after.AssigneeName.ShouldBe("Casey Novak", "the name of a known agent is filled in");
        after.Tags.ShouldBe(["escalated"]);
        after.CustomFields.GetRawText().ShouldBe("""{"asset_tag":"LT-1"}""");
        after.Category.ShouldBeNull();
        after.DueDate.ShouldBe(new DateTimeOffset(2031, 5, 6, 7, 8, 9, 10, TimeSpan.Zero));
        after.Description.ShouldBe(before.Description, "fields not in the body stay as they were");
        after.UpdatedAt.UtcDateTime.ShouldBeGreaterThan(before.UpdatedAt);
        after.CreatedAt.UtcDateTime.ShouldBe(before.CreatedAt);
        TicketAssert.Matches(await _client.GetTicketAsync(before.Id), _host.Store.Find(before.Id)!);
    }

    [Fact]
    public async Task Updated_at_strictly_increases_even_for_back_to_back_changes()
    {
        var id = OpenTicket().Id;
        var stamps = new List<DateTimeOffset>();

        for (var i = 0; i < 5; i++)
        {
            using var response = await _client.PatchJsonAsync($"tickets/{id}", $$"""{"title":"Edit {{i}}"}""");
            stamps.Add((await response.ReadAsync<TicketView>()).UpdatedAt);
        }

        stamps.Zip(stamps.Skip(1)).ShouldAllBe(pair => pair.Second > pair.First);
    }

    [Fact]
    public async Task Sets_resolved_at_on_resolve_keeps_it_on_close_and_clears_it_on_reopen()
    {
        var id = OpenTicket().Id;

        var resolved = await PatchAsync(id, """{"status":"resolved"}""");
        var closed = await PatchAsync(id, """{"status":"closed"}""");
        var reopened = await PatchAsync(id, """{"status":"in_progress"}""");
        var closedDirectly = await PatchAsync(id, """{"status":"closed"}""");

        resolved.ResolvedAt.ShouldBe(resolved.UpdatedAt);
        closed.ResolvedAt.ShouldBe(resolved.ResolvedAt);
        reopened.ResolvedAt.ShouldBeNull();
        closedDirectly.ResolvedAt.ShouldBe(closedDirectly.UpdatedAt);
    }

    [Fact]
    public async Task Unassigning_clears_the_assignee_name_too()
    {
        var id = _host.Store.Snapshot().First(t => t.AssigneeId is not null).Id;

        var ticket = await PatchAsync(id, """{"assignee_id":null}""");

        ticket.AssigneeId.ShouldBeNull();
        ticket.AssigneeName.ShouldBeNull();
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_leaves_updated_at_alone()
    {
        var ticket = OpenTicket();

        var same = await PatchAsync(ticket.Id, $$"""{"title":{{System.Text.Json.JsonSerializer.Serialize(ticket.Title)}},"status":"open"}""");

        same.UpdatedAt.UtcDateTime.ShouldBe(ticket.UpdatedAt);
    }

    [Fact]
    public async Task Counts_patch_requests()
    {
        var id = OpenTicket().Id;

        await PatchAsync(id, """{"priority":"low"}""");
        await PatchAsync(id, """{"priority":"high"}""");

        _host.Counters.PatchRequests.ShouldBe(2);
    }

    [Theory]
    [InlineData("""{"status":"done"}""", "status")]
    [InlineData("""{"status":null}""", "status")]
    [InlineData("""{"priority":"extreme"}""", "priority")]
    [InlineData("""{"title":""}""", "title")]
    [InlineData("""{"title":null}""", "title")]
    [InlineData("""{"due_date":"soon"}""", "due_date")]
    [InlineData("""{"tags":{"a":1}}""", "tags")]
    [InlineData("""{"assignee_id":null,"assignee_name":"Sam Ito"}""", "assignee_name")]
    [InlineData("""not json""", "body")]
    public async Task Returns_422_for_invalid_values_and_changes_nothing(string body, string field)
    {
        var before = OpenTicket();

        using var response = await _client.PatchJsonAsync($"tickets/{before.Id}", body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull().ShouldContainKey(field);
        _host.Store.Find(before.Id).ShouldBe(before);
    }

    [Fact]
    public async Task Returns_404_for_an_unknown_ticket()
    {
        using var response = await _client.PatchJsonAsync("tickets/tkt_NOPENOPE00", """{"status":"closed"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.ReadAsync<ErrorView>()).Error.Code.ShouldBe("not_found");
    }

    [Fact]
    public async Task A_deleted_ticket_is_gone_from_get_patch_and_the_list()
    {
        var id = OpenTicket().Id;
        using var admin = _host.CreateAdminClient();

        using var deleted = await admin.DeleteAsync($"_sim/tickets/{id}", Wire.Ct);
        using var get = await _client.GetAsync($"tickets/{id}", Wire.Ct);
        using var patch = await _client.PatchJsonAsync($"tickets/{id}", """{"status":"closed"}""");
        var list = await _client.ListAsync("?limit=500");

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        patch.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        list.Pagination.Total.ShouldBe(99);
        list.Data.ShouldNotContain(t => t.Id == id);
    }

    [Fact]
    public async Task A_changed_ticket_moves_to_the_end_of_the_updated_at_order()
    {
        var id = _host.Store.Snapshot()[0].Id;

        await PatchAsync(id, """{"title":"Moved to the end"}""");
        var list = await _client.ListAsync("?sort_direction=desc&limit=1");

        list.Data.Single().Id.ShouldBe(id);
    }

    private Ticket OpenTicket() => _host.Store.Snapshot().First(t => t.Status == TicketStatus.Open);

    private async Task<TicketView> PatchAsync(string id, string body)
    {
        using var response = await _client.PatchJsonAsync($"tickets/{id}", body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadAsync<TicketView>();
    }
}
