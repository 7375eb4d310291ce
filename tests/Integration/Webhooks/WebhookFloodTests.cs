using System.Net;
using Shouldly;

namespace Ticketing.IntegrationTests.Webhooks;

public sealed class WebhookFloodFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_flood"));

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Throttling of failed verifications. An app of its own: its failure counts would throttle other tests' refusals.</summary>
public sealed class WebhookFloodTests(WebhookFloodFixture fixture) : IClassFixture<WebhookFloodFixture>
{
    private const int BadMessages = 80;
    private const int GoodMessages = 60;

    private TestApp App => fixture.App;

    [Fact]
    public async Task Throttles_a_flood_of_bad_signatures_but_accepts_every_valid_message_from_the_same_address()
    {
        var now = DateTimeOffset.UtcNow;
        var ticketIds = Enumerable.Range(0, GoodMessages).Select(_ => WebhookBodies.NewTicketId()).ToList();
        // Bad and good shuffled together, several in flight at once, all from 127.0.0.1.
        var random = new Random(20261127);
        var plan = Enumerable.Repeat(false, BadMessages).Concat(Enumerable.Repeat(true, GoodMessages)).OrderBy(_ => random.Next()).ToList();
        var good = 0;
        var requests = plan.Select(valid => (Valid: valid, Request: valid
            ? WebhookRequests.Signed(WebhookBodies.Created(ticketIds[good++], now))
            : WebhookRequests.Signed(WebhookBodies.Created(WebhookBodies.NewTicketId(), now), secret: WebhookRequests.OtherSecret))).ToList();

        var results = new List<(bool Valid, HttpStatusCode Status, TimeSpan? RetryAfter)>();
        using var gate = new SemaphoreSlim(8);
        var tasks = requests.Select(async r =>
        {
            await gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                return await SendAsync(r.Valid, r.Request);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        results.AddRange(await Task.WhenAll(tasks));

        var valid = results.Where(r => r.Valid).ToList();
        var forged = results.Where(r => !r.Valid).ToList();
        valid.Count.ShouldBe(GoodMessages);
        valid.ShouldAllBe(r => r.Status == HttpStatusCode.Accepted);
        forged.ShouldAllBe(r => r.Status == HttpStatusCode.Unauthorized || r.Status == HttpStatusCode.TooManyRequests);
        forged.Count(r => r.Status == HttpStatusCode.TooManyRequests).ShouldBeGreaterThan(0);
        forged.Where(r => r.Status == HttpStatusCode.TooManyRequests).ShouldAllBe(r => r.RetryAfter > TimeSpan.Zero);

        await App.UntilWebhooksProcessedAsync();
        (await App.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE external_ticket_id = ANY($1)", (object)ticketIds.ToArray())).ShouldBe(GoodMessages);
        (await App.ScalarAsync<long>("SELECT count(*) FROM webhook_messages")).ShouldBe(GoodMessages);
    }

    private async Task<(bool Valid, HttpStatusCode Status, TimeSpan? RetryAfter)> SendAsync(bool valid, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await App.SendWebhookAsync(request);
            return (valid, response.StatusCode, response.Headers.RetryAfter?.Delta);
        }
    }
}
