using System.Net;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tests.Support;

namespace Ticketing.Simulator.Tests;

public sealed class WebhookFaultTests
{
    [Fact]
    public async Task Dropped_messages_are_never_sent_and_are_counted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver, new WebhookFaultSettings { DropRate = 1 });
        using var client = host.CreateClient();

        using var lost = await client.PostJsonAsync("tickets", """{"title":"Lost","priority":"low"}""");
        await Eventually.UntilAsync(() => host.Counters.WebhooksDropped == 1 && host.Webhooks.Pending == 0, "the message was dropped");
        host.Webhooks.Faults = WebhookFaultSettings.None;
        using var heard = await client.PostJsonAsync("tickets", """{"title":"Heard","priority":"low"}""");
        var received = await receiver.WaitForAsync(r => r.Count >= 1, "the next message arrived");

        received.ShouldHaveSingleItem().Root.GetProperty("data").GetProperty("ticket").GetProperty("title").GetString().ShouldBe("Heard");
        host.Counters.WebhooksSent.ShouldBe(2);
        // The receiver has the message before the sender has read its answer and counted the delivery.
        await Eventually.UntilAsync(() => host.Counters.WebhooksDelivered >= 1, "the delivery was counted");
        host.Counters.WebhooksDelivered.ShouldBe(1);
    }

    [Fact]
    public async Task Duplicated_messages_arrive_twice_with_one_webhook_id_and_valid_signatures()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver, new WebhookFaultSettings { DuplicateRate = 1 });
        using var client = host.CreateClient();

        using var created = await client.PostJsonAsync("tickets", """{"title":"Twice","priority":"low"}""");
        using var second = await client.PostJsonAsync("tickets", """{"title":"Also twice","priority":"low"}""");
        var received = await receiver.WaitForAsync(r => r.Count >= 4, "both copies of both messages arrived");

        received.Select(r => r.Id).Distinct().Count().ShouldBe(2);
        received[1].Id.ShouldBe(received[0].Id);
        received[1].Body.ShouldBe(received[0].Body);
        received.ShouldAllBe(r => r.SignatureValid);
        await Eventually.UntilAsync(() => host.Webhooks.Pending == 0, "nothing is pending");
        host.Counters.WebhooksDuplicated.ShouldBe(2);
        host.Counters.WebhooksDelivered.ShouldBe(2, "a copy is not a delivery of its own");
    }

    [Fact]
    public async Task A_held_back_message_is_overtaken_by_the_ones_after_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver, new WebhookFaultSettings { ReorderRate = 1, ReorderDelayMs = 5000 });
        using var client = host.CreateClient();

        using var first = await client.PostJsonAsync("tickets", """{"title":"First, arrives last","priority":"low"}""");
        await Eventually.UntilAsync(() => host.Counters.WebhooksDelayed == 1, "the first message was held back");
        host.Webhooks.Faults = WebhookFaultSettings.None;
        using var second = await client.PostJsonAsync("tickets", """{"title":"Second, arrives first","priority":"low"}""");
        var received = await receiver.WaitForAsync(r => r.Count >= 2, "both messages arrived");

        received.Select(r => r.Root.GetProperty("data").GetProperty("ticket").GetProperty("title").GetString())
            .ShouldBe(["Second, arrives first", "First, arrives last"]);
        received.ShouldAllBe(r => r.SignatureValid);
        await Eventually.UntilAsync(() => host.Webhooks.Pending == 0 && host.Counters.WebhooksDelivered == 2, "both counted as delivered");
    }

    [Fact]
    public async Task Fractional_rates_drop_and_duplicate_some_of_the_messages()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(receiver, new WebhookFaultSettings { DropRate = 0.3, DuplicateRate = 0.3 });

        host.Churn.Apply(100);
        await Eventually.UntilAsync(() => host.Webhooks.Pending == 0, "every message was handled");
        var received = receiver.Received;

        host.Counters.WebhooksSent.ShouldBe(100);
        host.Counters.WebhooksDropped.ShouldBeInRange(10, 50);
        host.Counters.WebhooksDuplicated.ShouldBeInRange(5, 40);
        received.Count.ShouldBe((int)(100 - host.Counters.WebhooksDropped + host.Counters.WebhooksDuplicated));
        received.Select(r => r.Id).Distinct().Count().ShouldBe((int)(100 - host.Counters.WebhooksDropped));
    }

    [Fact]
    public async Task The_admin_endpoint_reads_back_replaces_and_clears_the_webhook_faults()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 1, WebhookDuplicateRate = 0.5 }, Wire.Ct);
        using var admin = host.CreateAdminClient();

        var atStart = await admin.GetStringAsync("_sim/webhook-faults", Wire.Ct);
        using var put = await admin.PutJsonAsync("_sim/webhook-faults", """{"drop_rate":0.2,"duplicate_rate":0.1,"reorder_rate":0.05,"reorder_delay_ms":250}""");
        var afterPut = await admin.GetStringAsync("_sim/webhook-faults", Wire.Ct);
        using var cleared = await admin.DeleteAsync("_sim/webhook-faults", Wire.Ct);

        atStart.ShouldBe("""{"drop_rate":0,"duplicate_rate":0.5,"reorder_rate":0,"reorder_delay_ms":1000}""");
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        afterPut.ShouldBe("""{"drop_rate":0.2,"duplicate_rate":0.1,"reorder_rate":0.05,"reorder_delay_ms":250}""");
        host.Webhooks.Faults.ShouldBe(WebhookFaultSettings.None);
    }

    [Theory]
    [InlineData("""{"drop_rate":2}""", "drop_rate")]
    [InlineData("""{"reorder_delay_ms":-5}""", "reorder_delay_ms")]
    [InlineData("""{"duplicate_rate":"often"}""", "duplicate_rate")]
    public async Task Rejects_invalid_webhook_faults_with_422(string body, string field)
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 1 }, Wire.Ct);
        using var admin = host.CreateAdminClient();

        using var response = await admin.PutJsonAsync("_sim/webhook-faults", body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull().ShouldContainKey(field);
        host.Webhooks.Faults.ShouldBe(WebhookFaultSettings.None);
    }

    private static Task<SimulatorHost> StartAsync(WebhookReceiver receiver, WebhookFaultSettings faults) =>
        SimulatorHost.StartAsync(
            new SimulatorSettings
            {
                TicketCount = 30,
                WebhookUrl = receiver.Url,
                WebhookSecret = receiver.Secret,
                WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(20),
                WebhookDropRate = faults.DropRate,
                WebhookDuplicateRate = faults.DuplicateRate,
                WebhookReorderRate = faults.ReorderRate,
                WebhookReorderDelayMs = faults.ReorderDelayMs,
            },
            Wire.Ct);
}
