using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Simulator.Faults;

namespace Ticketing.Simulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Defaults_match_the_readme()
    {
        var settings = Parse();

        settings.TicketCount.ShouldBe(2000);
        settings.Seed.ShouldBe(42);
        settings.ApiKey.ShouldBe("sim-dev-key");
        settings.ChurnPerMinute.ShouldBe(0);
        settings.WebhookUrl.ShouldBeNull();
        settings.FreshRuntimeIds.ShouldBeFalse();
        settings.Faults.ShouldBe(FaultSettings.None);
        settings.WebhookFaults.ShouldBe(WebhookFaultSettings.None);
    }

    [Fact]
    public void Reads_every_flag()
    {
        var settings = Parse(
            "--tickets", "10", "--seed", "7", "--api-key", "k", "--churn", "30",
            "--webhook-url", "http://127.0.0.1:5000/webhook/ticket-update", "--webhook-secret", "whsec_AAAA",
            "--error-rate", "0.3", "--rate-limit-rate", "0.1", "--retry-after", "4", "--latency-ms", "200",
            "--latency-spike-rate", "0.1", "--latency-spike-ms", "1500", "--hang-rate", "0.05", "--down", "true", "--fresh-runtime-ids", "true",
            "--webhook-drop-rate", "0.2", "--webhook-duplicate-rate", "0.1", "--webhook-reorder-rate", "0.3", "--webhook-reorder-delay-ms", "700");

        settings.ShouldBe(new SimulatorSettings
        {
            TicketCount = 10,
            Seed = 7,
            ApiKey = "k",
            ChurnPerMinute = 30,
            WebhookUrl = new Uri("http://127.0.0.1:5000/webhook/ticket-update"),
            WebhookSecret = "whsec_AAAA",
            ErrorRate = 0.3,
            RateLimitRate = 0.1,
            RetryAfterSeconds = 4,
            LatencyMs = 200,
            LatencySpikeRate = 0.1,
            LatencySpikeMs = 1500,
            HangRate = 0.05,
            Down = true,
            FreshRuntimeIds = true,
            WebhookDropRate = 0.2,
            WebhookDuplicateRate = 0.1,
            WebhookReorderRate = 0.3,
            WebhookReorderDelayMs = 700,
        });
    }

    [Theory]
    [InlineData("--tickets", "many")]
    [InlineData("--tickets", "-1")]
    [InlineData("--error-rate", "2")]
    [InlineData("--webhook-url", "not-a-url")]
    [InlineData("--down", "maybe")]
    [InlineData("--webhook-drop-rate", "1.5")]
    [InlineData("--webhook-reorder-delay-ms", "-1")]
    public void Rejects_bad_values_with_a_message_naming_the_flag(string flag, string value)
    {
        var error = Should.Throw<InvalidOperationException>(() => Parse(flag, value, "--webhook-secret", "whsec_AAAA"));

        error.Message.ShouldContain(flag);
    }

    [Fact]
    public void A_webhook_url_needs_a_secret()
    {
        Should.Throw<InvalidOperationException>(() => Parse("--webhook-url", "http://127.0.0.1:1/hook"))
            .Message.ShouldContain("--webhook-secret");
    }

    [Fact]
    public async Task Build_accepts_a_bare_down_flag_and_the_urls_flag()
    {
        await using var app = SimulatorApp.Build(["--urls", "http://127.0.0.1:0", "--down", "--tickets", "3"]);

        var settings = app.Services.GetRequiredService<SimulatorSettings>();

        settings.Down.ShouldBeTrue();
        settings.TicketCount.ShouldBe(3);
        app.Services.GetRequiredService<Tickets.TicketStore>().Count.ShouldBe(3);
    }

    private static SimulatorSettings Parse(params string[] args) =>
        SimulatorSettings.FromConfiguration(new ConfigurationBuilder().AddCommandLine(args).Build());
}
