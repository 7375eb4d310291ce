using System.Net;
using Shouldly;

namespace Ticketing.IntegrationTests.Webhooks;

/// <summary>Who may call the endpoint at all; each test starts an app configured for it.</summary>
public sealed class WebhookAccessTests
{
    [Fact]
    public async Task Answers_503_while_no_webhook_secret_is_configured_and_stores_nothing()
    {
        await using var app = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_unset") with
        {
            Settings = new Dictionary<string, string?> { ["Ticketing:Remote:WebhookSecret"] = null },
        });

        using var response = await app.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(WebhookBodies.NewTicketId(), DateTimeOffset.UtcNow)));

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("webhooks are not configured");
        (await app.ScalarAsync<long>("SELECT count(*) FROM webhook_messages")).ShouldBe(0);
    }

    [Fact]
    public async Task Answers_403_to_an_address_outside_the_allowlist_even_when_validly_signed()
    {
        await using var app = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_allow") with
        {
            Settings = new Dictionary<string, string?> { ["Ticketing:Webhooks:AllowedIps"] = "203.0.113.0/24, 2001:db8::/32" },
        });

        using var response = await app.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(WebhookBodies.NewTicketId(), DateTimeOffset.UtcNow)));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ScalarAsync<long>("SELECT count(*) FROM webhook_messages")).ShouldBe(0);
    }

    [Fact]
    public async Task Accepts_an_address_inside_the_allowlist()
    {
        await using var app = await TestApp.StartAsync(WebhookRequests.AppOptions("webhook_allow") with
        {
            Settings = new Dictionary<string, string?> { ["Ticketing:Webhooks:AllowedIps"] = "203.0.113.0/24, 127.0.0.0/8, ::1" },
        });

        using var response = await app.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(WebhookBodies.NewTicketId(), DateTimeOffset.UtcNow)));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }
}
