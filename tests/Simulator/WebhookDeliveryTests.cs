using System.Net;
using System.Text.Json;
using Ticketing.Simulator.Tests.Support;

namespace Ticketing.Simulator.Tests;

public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Every_change_arrives_signed_in_order_with_its_type()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        using var client = host.CreateClient();
        using var admin = host.CreateAdminClient();

        using var created = await client.PostJsonAsync("tickets", """{"title":"Webhook me","priority":"medium"}""");
        var id = (await created.ReadAsync<TicketView>()).Id;
        using var patched = await client.PatchJsonAsync($"tickets/{id}", """{"status":"in_progress"}""");
        using var commented = await admin.PostJsonAsync($"_sim/tickets/{id}/comments", """{"author_name":"Sam Ito","body":"On it."}""");
        using var deleted = await admin.DeleteAsync($"_sim/tickets/{id}", Wire.Ct);

        var received = await receiver.WaitForAsync(r => r.Count >= 4, "four webhooks arrived");

        received.Select(r => r.Type).ShouldBe(["ticket.created", "ticket.updated", "ticket.comment_added", "ticket.deleted"]);
        received.ShouldAllBe(r => r.SignatureValid);
        received.ShouldAllBe(r => r.TicketId == id);
        received.Select(r => r.Id).Distinct().Count().ShouldBe(4);
        received.ShouldAllBe(r => r.Id.StartsWith("msg_"));
        await Eventually.UntilAsync(() => host.Counters.WebhooksDelivered == 4 && host.Webhooks.Pending == 0, "the counters caught up");
        host.Counters.WebhooksSent.ShouldBe(4);
    }

    [Fact]
    public async Task Bodies_carry_the_ticket_the_comment_or_only_the_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        using var client = host.CreateClient();
        using var admin = host.CreateAdminClient();
        var id = host.Store.Snapshot()[0].Id;

        using var patched = await client.PatchJsonAsync($"tickets/{id}", """{"title":"Now with a webhook"}""");
        using var commented = await admin.PostJsonAsync($"_sim/tickets/{id}/comments", """{"author_name":"Dana Ruiz","body":"Still broken."}""");
        using var deleted = await admin.DeleteAsync($"_sim/tickets/{id}", Wire.Ct);
        var received = await receiver.WaitForAsync(r => r.Count >= 3, "three webhooks arrived");

        var updated = received[0].Root;
        updated.GetProperty("timestamp").GetString()!.ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");
        var ticket = updated.GetProperty("data").GetProperty("ticket").Deserialize<TicketView>(Wire.Json)!;
        ticket.Title.ShouldBe("Now with a webhook");
        ticket.TicketNumber.ShouldStartWith("IT-");

        var comment = received[1].Root.GetProperty("data").GetProperty("comment");
        comment.GetProperty("id").GetString().ShouldStartWith("cmt_");
        comment.GetProperty("ticket_id").GetString().ShouldBe(id);
        comment.GetProperty("visibility").GetString().ShouldBe("public");
        comment.GetProperty("author_name").GetString().ShouldBe("Dana Ruiz");
        comment.GetProperty("body").GetString().ShouldBe("Still broken.");
        comment.GetProperty("created_at").GetString().ShouldEndWith("Z");
        received[1].Root.GetProperty("data").GetProperty("ticket").GetProperty("title").GetString().ShouldBe("Now with a webhook");

        received[2].Root.GetProperty("data").GetRawText().ShouldBe($$$"""{"ticket":{"id":"{{{id}}}"}}""");
    }

    [Fact]
    public async Task A_posted_comment_sends_a_signed_comment_added_with_the_ticket_and_the_whole_comment()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        using var client = host.CreateClient();
        var id = host.Store.Snapshot()[1].Id;

        using var posted = await client.PostJsonAsync(
            $"tickets/{id}/comments", """{"body":"Internal: vendor called back.","visibility":"internal","author_name":"Alex Morgan","author_email":"alex.morgan@demo.local"}""");
        var comment = await posted.ReadAsync<CommentView>();
        var received = (await receiver.WaitForAsync(r => r.Count >= 1, "the webhook arrived")).Single();

        received.SignatureValid.ShouldBeTrue();
        received.Type.ShouldBe("ticket.comment_added");
        var data = received.Root.GetProperty("data");
        data.GetProperty("comment").Deserialize<CommentView>(Wire.Json).ShouldBe(comment);
        var ticket = data.GetProperty("ticket").Deserialize<TicketView>(Wire.Json)!;
        ticket.Id.ShouldBe(id);
        ticket.UpdatedAt.UtcDateTime.ShouldBe(host.Store.Find(id)!.UpdatedAt, "the ticket as it is after the comment");
        data.GetRawText().ShouldNotContain("attachment");
    }

    [Fact]
    public async Task An_uploaded_attachment_sends_a_signed_attachment_added_with_the_ticket_and_the_attachment()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        using var client = host.CreateClient();
        var id = host.Store.Snapshot()[2].Id;

        using var uploaded = await client.UploadAsync(id, Wire.Bytes([1, 2, 3, 4], "image/png"), "screen shot.png", uploadedBy: "Sam Ito");
        var attachment = await uploaded.ReadAsync<AttachmentView>();
        var received = (await receiver.WaitForAsync(r => r.Count >= 1, "the webhook arrived")).Single();

        received.SignatureValid.ShouldBeTrue();
        received.Type.ShouldBe("ticket.attachment_added");
        var data = received.Root.GetProperty("data");
        data.GetProperty("attachment").Deserialize<AttachmentView>(Wire.Json).ShouldBe(attachment);
        data.GetProperty("ticket").GetProperty("id").GetString().ShouldBe(id);
        data.TryGetProperty("comment", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_with_the_same_webhook_id_and_a_fresh_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync(attempt => attempt == 1 ? 500 : 200);
        await using var host = await StartAsync(receiver);
        using var client = host.CreateClient();

        using var created = await client.PostJsonAsync("tickets", """{"title":"Retry me","priority":"low"}""");
        var received = await receiver.WaitForAsync(r => r.Count >= 2, "the retry arrived");

        received[0].AnsweredStatus.ShouldBe(500);
        received[1].Id.ShouldBe(received[0].Id);
        received[1].Body.ShouldBe(received[0].Body);
        received.ShouldAllBe(r => r.SignatureValid);
        await Eventually.UntilAsync(() => host.Counters.WebhooksDelivered == 1, "the retry counted as delivered");
        host.Counters.WebhooksFailedAttempts.ShouldBe(1);
    }

    [Fact]
    public async Task A_message_being_retried_holds_back_the_ones_behind_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync(attempt => attempt <= 2 ? 503 : 200);
        await using var host = await StartAsync(receiver);
        using var client = host.CreateClient();

        using var first = await client.PostJsonAsync("tickets", """{"title":"First","priority":"low"}""");
        using var second = await client.PostJsonAsync("tickets", """{"title":"Second","priority":"low"}""");
        var received = await receiver.WaitForAsync(r => r.Count >= 4, "both messages arrived");

        var titles = received.Select(r => r.Root.GetProperty("data").GetProperty("ticket").GetProperty("title").GetString()).ToList();
        titles.ShouldBe(["First", "First", "First", "Second"]);
    }

    [Fact]
    public async Task Gives_up_after_the_last_attempt_and_moves_on()
    {
        await using var receiver = await WebhookReceiver.StartAsync(attempt => attempt <= 3 ? 500 : 200);
        await using var host = await StartAsync(receiver, maxAttempts: 3);
        using var client = host.CreateClient();

        using var lost = await client.PostJsonAsync("tickets", """{"title":"Lost","priority":"low"}""");
        using var kept = await client.PostJsonAsync("tickets", """{"title":"Kept","priority":"low"}""");
        var received = await receiver.WaitForAsync(r => r.Count >= 4, "the next message arrived");

        received.Take(3).Select(r => r.Id).Distinct().Count().ShouldBe(1);
        received[3].Id.ShouldNotBe(received[0].Id);
        await Eventually.UntilAsync(() => host.Counters.WebhooksAbandoned == 1 && host.Counters.WebhooksDelivered == 1, "the counters caught up");
    }

    [Fact]
    public async Task Churn_sends_one_webhook_per_change_of_the_matching_kind()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        using var admin = host.CreateAdminClient();

        using var response = await admin.PostJsonAsync("_sim/churn", """{"count":60}""");
        var changes = (await response.ReadAsync<JsonElement>()).GetProperty("changes").EnumerateArray()
            .Select(c => (Kind: c.GetProperty("kind").GetString()!, Id: c.GetProperty("id").GetString()!))
            .ToList();
        var received = await receiver.WaitForAsync(r => r.Count >= 60, "every churn webhook arrived");

        changes.Count.ShouldBe(60);
        received.Select(r => (Kind: r.Type["ticket.".Length..], Id: r.TicketId)).ShouldBe(changes);
        received.ShouldAllBe(r => r.SignatureValid);
        changes.Select(c => c.Kind).Distinct().ShouldBeSubsetOf(["created", "updated", "deleted", "comment_added", "attachment_added"]);
    }

    [Fact]
    public async Task The_admin_endpoint_points_webhooks_at_a_receiver_and_turns_them_off()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 10 }, Wire.Ct);
        using var client = host.CreateClient();
        using var admin = host.CreateAdminClient();

        using var silent = await client.PostJsonAsync("tickets", """{"title":"Before","priority":"low"}""");
        using var on = await admin.PutJsonAsync("_sim/webhook", $$"""{"url":"{{receiver.Url}}","secret":"{{receiver.Secret}}"}""");
        using var heard = await client.PostJsonAsync("tickets", """{"title":"During","priority":"low"}""");
        await receiver.WaitForAsync(r => r.Count == 1, "the webhook arrived");
        using var off = await admin.PutJsonAsync("_sim/webhook", """{"url":null}""");
        using var unheard = await client.PostJsonAsync("tickets", """{"title":"After","priority":"low"}""");

        on.StatusCode.ShouldBe(HttpStatusCode.OK);
        off.StatusCode.ShouldBe(HttpStatusCode.OK);
        receiver.Received.Single().Root.GetProperty("data").GetProperty("ticket").GetProperty("title").GetString().ShouldBe("During");
        host.Counters.WebhooksSent.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"url":"not a url","secret":"whsec_AAAA"}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1:1/hook","secret":"whsec_%%%"}""", "secret")]
    [InlineData("""{"url":"http://127.0.0.1:1/hook"}""", "secret")]
    public async Task Rejects_an_invalid_webhook_configuration(string body, string field)
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 1 }, Wire.Ct);
        using var admin = host.CreateAdminClient();

        using var response = await admin.PutJsonAsync("_sim/webhook", body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull().ShouldContainKey(field);
    }

    [Fact]
    public async Task Seeding_and_tie_fixtures_send_no_webhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        using var admin = host.CreateAdminClient();

        using var reset = await admin.PostJsonAsync("_sim/reset", """{"tickets":30,"seed":5}""");
        using var tie = await admin.PostJsonAsync("_sim/tickets/same-updated-at", """{"count":5}""");
        using var client = host.CreateClient();
        using var marker = await client.PostJsonAsync("tickets", """{"title":"Marker","priority":"low"}""");
        var received = await receiver.WaitForAsync(
            r => r.Any(w => w.Root.GetProperty("data").GetProperty("ticket").GetProperty("title").GetString() == "Marker"),
            "the marker arrived");

        // Webhooks leave in order, so anything sent for the reset or the fixture would be here first.
        received.Single().Type.ShouldBe("ticket.created");
        host.Counters.WebhooksSent.ShouldBe(1);
    }

    private static Task<SimulatorHost> StartAsync(WebhookReceiver receiver, int maxAttempts = 8) =>
        SimulatorHost.StartAsync(
            new SimulatorSettings
            {
                TicketCount = 20,
                WebhookUrl = receiver.Url,
                WebhookSecret = receiver.Secret,
                WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(20),
                WebhookMaxAttempts = maxAttempts,
            },
            Wire.Ct);
}
