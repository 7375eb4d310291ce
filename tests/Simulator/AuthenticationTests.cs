using System.Net;
using System.Net.Http.Headers;
using Ticketing.Simulator.Tests.Support;

namespace Ticketing.Simulator.Tests;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 20, ApiKey = "test-key" }, Wire.Ct);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("tickets")]
    [InlineData("tickets/stats")]
    [InlineData("tickets/tkt_0000000000")]
    [InlineData("tickets/deleted")]
    [InlineData("tickets/tkt_0000000000/comments")]
    [InlineData("tickets/tkt_0000000000/attachments")]
    [InlineData("attachments/att_0000000000/content")]
    [InlineData("agents")]
    public async Task Returns_401_with_an_error_body_without_a_key(string path)
    {
        using var client = new HttpClient { BaseAddress = _host.BaseUrl };

        using var response = await client.GetAsync(path, Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadAsync<ErrorView>()).Error.Code.ShouldBe("unauthorized");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("Bearer", "wrong-key")]
    [InlineData("Bearer", "test-key-but-longer")]
    [InlineData("Basic", "test-key")]
    public async Task Returns_401_for_a_wrong_key_or_scheme(string scheme, string key)
    {
        using var client = new HttpClient { BaseAddress = _host.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, key);

        using var response = await client.PostJsonAsync("tickets", """{"title":"x","priority":"low"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadAsync<ErrorView>()).Error.Message.ShouldNotBeNullOrWhiteSpace();
        _host.Store.Count.ShouldBe(20);
    }

    [Theory]
    [InlineData("comments")]
    [InlineData("attachments")]
    public async Task Returns_401_for_a_post_under_a_ticket_without_a_key_and_stores_nothing(string kind)
    {
        var id = _host.Store.Snapshot()[0].Id;
        using var client = new HttpClient { BaseAddress = _host.BaseUrl };
        using var form = new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "a.bin" } };

        using var response = kind == "comments"
            ? await client.PostJsonAsync($"tickets/{id}/comments", """{"body":"x"}""")
            : await client.PostAsync($"tickets/{id}/attachments", form, Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        _host.Store.Find(id)!.UpdatedAt.ShouldBe(_host.Store.Snapshot()[0].UpdatedAt);
        _host.Store.Attachments(id).ShouldBeEmpty();
        _host.Counters.CommentsCreated.ShouldBe(0);
    }

    [Fact]
    public async Task Accepts_the_configured_key()
    {
        using var client = _host.CreateClient();

        var list = await client.ListAsync();

        list.Pagination.Total.ShouldBe(20);
    }

    [Fact]
    public async Task Admin_endpoints_need_no_key()
    {
        using var admin = _host.CreateAdminClient();

        using var response = await admin.GetAsync("_sim/health", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Wire.Ct)).ShouldBe("""{"status":"ok","tickets":20}""");
    }

    [Fact]
    public async Task Unknown_contract_paths_answer_404_with_an_error_body()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("nothing-here", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.ReadAsync<ErrorView>()).Error.Code.ShouldBe("not_found");
    }
}
