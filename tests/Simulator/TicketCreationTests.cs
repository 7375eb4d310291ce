using System.Net;
using Ticketing.Simulator.Tests.Support;

namespace Ticketing.Simulator.Tests;

public sealed class TicketCreationTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 50 }, Wire.Ct);
        _client = _host.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Creates_an_open_ticket_with_remote_assigned_fields()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await _client.PostJsonAsync("tickets", """
            {"title":"Laptop won't charge","description":"Tried two chargers.","priority":"high","category":"Hardware",
             "department":"Finance","requester_name":"Ada Lovelace","requester_email":"ada@example.org",
             "tags":["laptop","power"],"custom_fields":{"asset_tag":"LT-9","device":{"os":"Windows 11"}}}
            """);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ticket = await response.ReadAsync<TicketView>();
        ticket.Id.ShouldMatch("^tkt_[0-9A-HJKMNP-TV-Z]{10}$");
        ticket.TicketNumber.ShouldBe("IT-000051");
        ticket.Status.ShouldBe("open");
        ticket.Priority.ShouldBe("high");
        ticket.Title.ShouldBe("Laptop won't charge");
        ticket.RequesterEmail.ShouldBe("ada@example.org");
        ticket.RequesterId.ShouldNotBeNull().ShouldStartWith("usr_");
        ticket.AssigneeId.ShouldBeNull();
        ticket.Tags.ShouldBe(["laptop", "power"]);
        ticket.CustomFields.GetRawText().ShouldBe("""{"asset_tag":"LT-9","device":{"os":"Windows 11"}}""");
        ticket.CreatedAt.ShouldBe(ticket.UpdatedAt);
        ticket.CreatedAt.ShouldBeGreaterThan(before);
        ticket.ResolvedAt.ShouldBeNull();
        ticket.DueDate.ShouldBe(ticket.CreatedAt.AddHours(24), "a high ticket is due within 24 hours when no due date is given");
        response.Headers.Location!.ToString().ShouldBe($"/tickets/{ticket.Id}");
        TicketAssert.Matches(await _client.GetTicketAsync(ticket.Id), _host.Store.Find(ticket.Id).ShouldNotBeNull());
        _host.Store.Count.ShouldBe(51);
    }

    [Fact]
    public async Task Writes_timestamps_in_utc_with_milliseconds()
    {
        using var response = await _client.PostJsonAsync("tickets", """{"title":"Clock check","priority":"low","due_date":"2030-01-02T03:04:05+02:00"}""");

        var body = await response.Content.ReadAsStringAsync(Wire.Ct);
        body.ShouldMatch("\"created_at\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\"");
        body.ShouldContain("\"due_date\":\"2030-01-02T01:04:05.000Z\"");
        body.ShouldContain("\"resolved_at\":null");
    }

    [Fact]
    public async Task Ticket_numbers_increase_with_each_create()
    {
        using var first = await _client.PostJsonAsync("tickets", """{"title":"One","priority":"low"}""");
        using var second = await _client.PostJsonAsync("tickets", """{"title":"Two","priority":"low"}""");

        var numbers = new[] { (await first.ReadAsync<TicketView>()).TicketNumber, (await second.ReadAsync<TicketView>()).TicketNumber };

        numbers.ShouldBe(["IT-000051", "IT-000052"]);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_ticket_with_200_and_creates_nothing()
    {
        var key = Guid.NewGuid().ToString();

        using var first = await _client.PostJsonAsync("tickets", """{"title":"Printer on fire","priority":"critical"}""", key);
        using var retry = await _client.PostJsonAsync("tickets", """{"title":"Printer on fire","priority":"critical"}""", key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await retry.ReadAsync<TicketView>()).Id.ShouldBe((await first.ReadAsync<TicketView>()).Id);
        _host.Store.Count.ShouldBe(51);
        _host.Counters.Creates.ShouldBe(1);
        _host.Counters.CreateRequests.ShouldBe(2);
        _host.Counters.IdempotentReplays.ShouldBe(1);
    }

    [Fact]
    public async Task Different_idempotency_keys_create_different_tickets()
    {
        using var first = await _client.PostJsonAsync("tickets", """{"title":"A","priority":"low"}""", Guid.NewGuid().ToString());
        using var second = await _client.PostJsonAsync("tickets", """{"title":"A","priority":"low"}""", Guid.NewGuid().ToString());

        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.ReadAsync<TicketView>()).Id.ShouldNotBe((await first.ReadAsync<TicketView>()).Id);
        _host.Counters.Creates.ShouldBe(2);
    }

    [Fact]
    public async Task Counters_report_creates_over_the_admin_api()
    {
        using var created = await _client.PostJsonAsync("tickets", """{"title":"A","priority":"low"}""", "key-1");
        using var replayed = await _client.PostJsonAsync("tickets", """{"title":"A","priority":"low"}""", "key-1");
        using var admin = _host.CreateAdminClient();

        var counters = await admin.GetStringAsync("_sim/counters", Wire.Ct);

        counters.ShouldContain("\"tickets\":51,\"creates\":1,\"create_requests\":2,\"idempotent_replays\":1");
    }

    [Theory]
    [InlineData("""{"priority":"low"}""", "title")]
    [InlineData("""{"title":"","priority":"low"}""", "title")]
    [InlineData("""{"title":"   ","priority":"low"}""", "title")]
    [InlineData("""{"title":12,"priority":"low"}""", "title")]
    [InlineData("""{"title":"ok"}""", "priority")]
    [InlineData("""{"title":"ok","priority":"extreme"}""", "priority")]
    [InlineData("""{"title":"ok","priority":"low","requester_email":"not-an-email"}""", "requester_email")]
    [InlineData("""{"title":"ok","priority":"low","due_date":"next week"}""", "due_date")]
    [InlineData("""{"title":"ok","priority":"low","tags":"urgent"}""", "tags")]
    [InlineData("""{"title":"ok","priority":"low","tags":[1]}""", "tags")]
    [InlineData("""{"title":"ok","priority":"low","custom_fields":[1]}""", "custom_fields")]
    [InlineData("""{"title":"ok","priority":"low","description":5}""", "description")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"title":""", "body")]
    public async Task Returns_422_with_field_details_for_an_invalid_body(string body, string field)
    {
        using var response = await _client.PostJsonAsync("tickets", body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = (await response.ReadAsync<ErrorView>()).Error;
        error.Code.ShouldBe("validation_failed");
        error.Details.ShouldNotBeNull()[field].ShouldNotBeEmpty();
        _host.Store.Count.ShouldBe(50);
    }

    [Fact]
    public async Task Returns_422_with_field_details_for_an_empty_title()
    {
        using var response = await _client.PostJsonAsync("tickets", """{"title":"","priority":"nope"}""");

        var details = (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull();
        details.Keys.ShouldBe(["title", "priority"], ignoreOrder: true);
    }

    [Fact]
    public async Task Accepts_a_200_character_title_and_rejects_201()
    {
        using var accepted = await _client.PostJsonAsync("tickets", $$"""{"title":"{{new string('a', 200)}}","priority":"low"}""");
        using var rejected = await _client.PostJsonAsync("tickets", $$"""{"title":"{{new string('a', 201)}}","priority":"low"}""");

        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
        rejected.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Keeps_a_64_KiB_description_with_any_text()
    {
        const string Chunk = "Ünïcödé \"quotes\" \\ <tags> & emoji 🙂\n";
        var description = string.Concat(Enumerable.Repeat(Chunk, 64 * 1024 / Chunk.Length));

        using var response = await _client.PostJsonAsync("tickets", System.Text.Json.JsonSerializer.Serialize(new { title = "Long", priority = "low", description }));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ticket = await response.ReadAsync<TicketView>();
        (await _client.GetTicketAsync(ticket.Id)).Description.ShouldBe(description);
    }
}
