using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ticketing.Simulator.Churn;
using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

/// <summary>The /_sim controls the app's hostile-remote tests drive: lost webhooks, touches and after-page hooks.</summary>
public sealed class AdminKnobTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private SimulatorHost _host = null!;
    private HttpClient _client = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _host = await SimulatorHost.StartAsync(
            new SimulatorSettings { TicketCount = 400, Seed = 12, WebhookUrl = _receiver.Url, WebhookSecret = _receiver.Secret },
            Wire.Ct);
        _client = _host.CreateClient();
        _admin = _host.CreateAdminClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _admin.Dispose();
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Touch_moves_a_ticket_past_every_other_one_and_sends_ticket_updated()
    {
        var tie = await SameUpdatedAtAsync(60, DateTime.UtcNow.AddMinutes(5));
        var id = tie[0];
        var before = _host.Store.Find(id)!;

        using var response = await _admin.PostAsync($"_sim/tickets/{id}/touch", null, Wire.Ct);
        var received = await _receiver.WaitForAsync(r => r.Count >= 1, "the update arrived");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var snapshot = _host.Store.Snapshot();
        snapshot[^1].Id.ShouldBe(id);
        snapshot[^1].UpdatedAt.ShouldBeGreaterThan(snapshot[^2].UpdatedAt);
        (snapshot[^1] with { UpdatedAt = before.UpdatedAt }).ShouldBe(before, "only updated_at changes");
        var body = await response.ReadAsync<JsonElement>();
        body.GetProperty("ticket").GetProperty("id").GetString().ShouldBe(id);
        received.Single().Type.ShouldBe("ticket.updated");
        received.Single().TicketId.ShouldBe(id);
    }

    [Fact]
    public async Task Webhook_false_makes_each_change_without_its_webhook()
    {
        var tickets = _host.Store.Snapshot();

        using var touched = await _admin.PostAsync($"_sim/tickets/{tickets[0].Id}/touch?webhook=false", null, Wire.Ct);
        using var commented = await _admin.PostJsonAsync(
            $"_sim/tickets/{tickets[1].Id}/comments?webhook=false",
            """{"author_name":"Sam Ito","author_email":"sam.ito@demo.local","body":"Lost note","visibility":"internal"}""");
        using var attached = await _admin.PostJsonAsync(
            $"_sim/tickets/{tickets[2].Id}/attachments?webhook=false", """{"file_name":"lost.txt","content_type":"text/plain","content_base64":"aGk=","uploaded_by_name":"Dana Ruiz"}""");
        using var deleted = await _admin.DeleteAsync($"_sim/tickets/{tickets[3].Id}?webhook=false", Wire.Ct);
        using var marker = await _client.PostJsonAsync("tickets", """{"title":"Marker","priority":"low"}""");
        var received = await _receiver.WaitForAsync(r => r.Count >= 1, "the marker arrived");

        touched.StatusCode.ShouldBe(HttpStatusCode.OK);
        commented.StatusCode.ShouldBe(HttpStatusCode.Created);
        attached.StatusCode.ShouldBe(HttpStatusCode.Created);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // Webhooks leave in order, so any for the four changes would have come before the marker.
        received.Single().Type.ShouldBe("ticket.created");
        var comment = (await _client.CommentsAsync(tickets[1].Id)).Data[^1];
        comment.Body.ShouldBe("Lost note");
        comment.Visibility.ShouldBe("internal");
        comment.AuthorEmail.ShouldBe("sam.ito@demo.local");
        var attachment = _host.Store.Attachments(tickets[2].Id)!.Single();
        attachment.UploadedByName.ShouldBe("Dana Ruiz");
        attachment.Content.ToArray().ShouldBe("hi"u8.ToArray());
        _host.Store.Tombstones().Single().Id.ShouldBe(tickets[3].Id);
    }

    [Fact]
    public async Task Admin_comments_and_attachments_send_their_webhooks_by_default()
    {
        var id = _host.Store.Snapshot()[5].Id;

        using var commented = await _admin.PostJsonAsync($"_sim/tickets/{id}/comments", """{"author_name":"Dana Ruiz","body":"Any news?"}""");
        using var attached = await _admin.PostJsonAsync($"_sim/tickets/{id}/attachments", """{"file_name":"big.bin","size_bytes":100000}""");
        var received = await _receiver.WaitForAsync(r => r.Count >= 2, "both webhooks arrived");

        received.Select(r => r.Type).ShouldBe(["ticket.comment_added", "ticket.attachment_added"]);
        var attachment = (await attached.ReadAsync<JsonElement>()).GetProperty("attachment");
        attachment.GetProperty("size_bytes").GetInt64().ShouldBe(100_000);
        attachment.GetProperty("content_type").GetString().ShouldBe("application/octet-stream");
        using var content = await _client.GetAsync($"attachments/{attachment.GetProperty("id").GetString()}/content", Wire.Ct);
        Convert.ToHexStringLower(SHA256.HashData(await content.Content.ReadAsByteArrayAsync(Wire.Ct)))
            .ShouldBe(attachment.GetProperty("sha256").GetString());
    }

    [Theory]
    [InlineData("_sim/tickets/{id}/attachments", """{"content_base64":"aGk="}""", "file_name")]
    [InlineData("_sim/tickets/{id}/attachments", """{"file_name":"x"}""", "content_base64")]
    [InlineData("_sim/tickets/{id}/attachments", """{"file_name":"x","content_base64":"%%%"}""", "content_base64")]
    [InlineData("_sim/tickets/{id}/comments", """{"author_name":"a","body":"b","visibility":"hidden"}""", "visibility")]
    [InlineData("_sim/tickets/{id}/comments?webhook=maybe", """{"author_name":"a","body":"b"}""", "webhook")]
    public async Task Admin_changes_reject_bad_bodies_with_422(string path, string body, string field)
    {
        using var response = await _admin.PostJsonAsync(path.Replace("{id}", _host.Store.Snapshot()[0].Id), body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull().ShouldContainKey(field);
    }

    [Fact]
    public async Task An_after_page_hook_moves_a_ticket_already_sent_so_a_cursor_paging_by_page_number_skips_another()
    {
        var tieAt = DateTime.UtcNow.AddMinutes(10);
        var group = await SameUpdatedAtAsync(120, tieAt);
        var since = Timestamps.Format(tieAt);
        var page1 = await _client.ListAsync($"?limit=50&updated_since={since}");
        var sent = page1.Data[10].Id;

        using var armed = await _admin.PostJsonAsync("_sim/hooks/after-page", $$"""{"page":2,"updated_since":"{{since}}","touch":["{{sent}}"]}""");
        var page2 = await _client.ListAsync($"?limit=50&page=2&updated_since={since}");
        var page3 = await _client.ListAsync($"?limit=50&page=3&updated_since={since}");
        var hooks = await _admin.GetFromJsonAsync<JsonElement>("_sim/hooks", Wire.Ct);

        armed.StatusCode.ShouldBe(HttpStatusCode.Created);
        group.ShouldContain(sent);
        page2.Data.Select(t => t.Id).ShouldBe(group.Skip(50).Take(50), "the hook fires after page 2 is read, not before");
        var seen = page1.Data.Concat(page2.Data).Concat(page3.Data).Select(t => t.Id).ToHashSet();
        group.Except(seen).ShouldBe([group[100]], "the ticket that moved up into page 2's last place was never listed");
        page3.Data[^1].Id.ShouldBe(sent, "the touched ticket moved to the end");
        var hook = hooks.GetProperty("data").EnumerateArray().Single();
        hook.GetProperty("id").GetString().ShouldBe("hook_1");
        hook.GetProperty("fired_at").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task An_after_page_hook_fires_once_only_for_its_page_and_may_delete()
    {
        var victim = _host.Store.Snapshot()[^1].Id;
        using var armed = await _admin.PostJsonAsync("_sim/hooks/after-page", $$"""{"page":3,"delete":["{{victim}}"],"webhooks":false}""");

        await _client.ListAsync("?limit=10&page=2");
        var stillThere = _host.Store.Find(victim);
        await _client.ListAsync("?limit=10&page=3");
        await _client.ListAsync("?limit=10&page=3");
        using var cleared = await _admin.DeleteAsync("_sim/hooks", Wire.Ct);
        var hooks = await _admin.GetStringAsync("_sim/hooks", Wire.Ct);

        stillThere.ShouldNotBeNull();
        _host.Store.Find(victim).ShouldBeNull();
        _host.Store.Tombstones().Single().Id.ShouldBe(victim);
        _receiver.Received.ShouldBeEmpty();
        cleared.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        hooks.ShouldBe("""{"data":[]}""");
    }

    [Theory]
    [InlineData("""{"page":0,"touch":["x"]}""", "page")]
    [InlineData("""{"page":1}""", "touch")]
    public async Task An_after_page_hook_needs_a_page_and_a_ticket(string body, string field)
    {
        using var response = await _admin.PostJsonAsync("_sim/hooks/after-page", body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull().ShouldContainKey(field);
    }

    [Fact]
    public async Task Churn_posts_comments_and_attachments_and_deletes_tickets_each_with_its_webhook()
    {
        // Which draws become deletions or attachments depends on the clock (updated tickets reorder
        // the store), so churn in rounds until every kind happened, with a bound.
        var changes = new List<ChurnChange>();
        for (var round = 0; round < 40 && (round < 3 || !EveryKind(changes)); round++)
        {
            changes.AddRange(_host.Churn.Apply(100));
        }

        var received = await _receiver.WaitForAsync(r => r.Count >= changes.Count, "every churn webhook arrived");

        var attached = changes.Where(c => c.Kind == TicketChangeKind.AttachmentAdded).ToList();
        attached.ShouldNotBeEmpty();
        changes.ShouldContain(c => c.Kind == TicketChangeKind.CommentAdded);
        changes.ShouldContain(c => c.Kind == TicketChangeKind.Deleted);
        received.Select(r => r.Type).Distinct().ShouldBe(
            ["ticket.created", "ticket.updated", "ticket.comment_added", "ticket.attachment_added", "ticket.deleted"], ignoreOrder: true);
        var churned = received.Where(r => r.Type == "ticket.comment_added")
            .Select(r => r.Root.GetProperty("data").GetProperty("comment").Deserialize<CommentView>(Wire.Json)!)
            .ToList();
        churned.ShouldContain(c => c.Visibility == "internal" && c.AuthorEmail!.EndsWith("@demo.local"));
        churned.ShouldContain(c => c.Visibility == "public" && c.AuthorEmail!.EndsWith("@example.org"));
        var live = attached.Where(c => _host.Store.Find(c.Id) is not null).ToList();
        live.ShouldAllBe(c => _host.Store.Attachments(c.Id)!.Count > 0);
    }

    private static bool EveryKind(List<ChurnChange> changes) =>
        Enum.GetValues<TicketChangeKind>().All(kind => changes.Any(c => c.Kind == kind));

    private async Task<List<string>> SameUpdatedAtAsync(int count, DateTime at)
    {
        using var response = await _admin.PostJsonAsync("_sim/tickets/same-updated-at", $$"""{"count":{{count}},"updated_at":"{{Timestamps.Format(at)}}"}""");
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}
