using Shouldly;
using Ticketing.Application.Remote;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.UnitTests.Remote;

public sealed class SecretRedactionTests
{
    private const string ApiKey = "sk_live_do-not-print-me";
    private const string WebhookSecret = "whsec_c2VjcmV0LWtleS1ieXRlcw==";

    [Fact]
    public void Remote_options_show_whether_secrets_are_set_but_never_their_values()
    {
        var options = new RemoteClientOptions { BaseUrl = "https://it.example.org", ApiKey = ApiKey, WebhookSecret = WebhookSecret };

        var text = options.ToString();

        text.ShouldNotContain(ApiKey);
        text.ShouldNotContain(WebhookSecret);
        text.ShouldContain("ApiKey = (set)");
        text.ShouldContain("https://it.example.org");
    }

    [Fact]
    public void Remote_settings_never_show_the_protected_values()
    {
        var settings = RemoteSettings.From(new TicketingSystemConfig
        {
            ApiBaseUrl = "https://it.example.org",
            ApiKeyEncrypted = "CfDJ8-protected-" + ApiKey,
            WebhookSecret = "CfDJ8-protected-" + WebhookSecret,
        });

        var text = settings.ToString();

        text.ShouldNotContain(ApiKey);
        text.ShouldNotContain("CfDJ8");
        text.ShouldContain("ApiKey = (set)");
    }

    [Fact]
    public void A_ticket_to_create_does_not_print_the_requester_email()
    {
        var ticket = new RemoteTicketCreate("Title", TicketPriority.Low, RequesterEmail: "dana@example.org");

        ticket.ToString().ShouldNotContain("dana@example.org");
        ticket.ToString().ShouldContain("Title");
    }

    [Fact]
    public void The_unauthorized_exception_says_what_happened_without_the_key()
    {
        new RemoteUnauthorizedException().Message.ShouldBe("The API key was rejected by Championship IT (401).");
    }

    [Fact]
    public void Settings_without_a_row_explain_that_the_integration_is_not_configured()
    {
        RemoteSettings.From(null).Problem.ShouldBe(RemoteSettings.NotConfiguredMessage);
    }

    [Fact]
    public void Settings_of_an_inactive_integration_explain_that_it_is_switched_off()
    {
        var settings = RemoteSettings.From(new TicketingSystemConfig { ApiBaseUrl = "https://it.example.org", ApiKeyEncrypted = "x", IsActive = false });
        settings.Problem!.ShouldContain("switched off");
    }

    [Fact]
    public void Settings_with_a_stored_http_url_to_a_remote_host_are_not_usable()
    {
        var settings = RemoteSettings.From(new TicketingSystemConfig { ApiBaseUrl = "http://it.example.org", ApiKeyEncrypted = "x" });

        settings.BaseUrl.ShouldBeNull();
        settings.Problem!.ShouldContain(RemoteBaseUrl.MustBeHttpsMessage);
    }
}
