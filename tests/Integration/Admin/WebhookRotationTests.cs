using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Ticketing.Application.Admin.Commands.RotateWebhookSecret;
using Ticketing.IntegrationTests.Webhooks;

namespace Ticketing.IntegrationTests.Admin;

/// <summary>A new webhook secret is shown once; the previous one is accepted for 24 hours, then refused.</summary>
public sealed partial class WebhookRotationTests : IAsyncLifetime
{
    // The app's clock, moved on by hand; background loops that wait on it are not needed here.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestApp _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(new()
        {
            Purpose = "adminrotate",
            ConfigureServices = services => services.AddSingleton<TimeProvider>(_clock),
        });
        _client = new HttpClient { BaseAddress = _app.BaseUrl };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_previous_secret_stays_valid_for_the_grace_period_and_not_after()
    {
        using var admin = await _app.SignedInAsync();

        using var rotated = await admin.PostFormAsync("/Admin", new Dictionary<string, string>(), handler: "Rotate");
        var html = WebUtility.HtmlDecode(await rotated.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var newSecret = NewSecret().Match(html).Value;

        newSecret.ShouldNotBeEmpty();
        Convert.FromBase64String(newSecret["whsec_".Length..]).Length.ShouldBe(RotateWebhookSecretHandler.KeyBytes);
        rotated.Headers.CacheControl?.NoStore.ShouldBeTrue();
        (await SendAsync(TestApp.WebhookSecret)).ShouldBe(HttpStatusCode.Accepted);
        (await SendAsync(newSecret)).ShouldBe(HttpStatusCode.Accepted);

        _clock.Advance(RotateWebhookSecretHandler.GracePeriod - TimeSpan.FromMinutes(1));
        (await SendAsync(TestApp.WebhookSecret)).ShouldBe(HttpStatusCode.Accepted);

        _clock.Advance(TimeSpan.FromMinutes(2));
        (await SendAsync(TestApp.WebhookSecret)).ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(newSecret)).ShouldBe(HttpStatusCode.Accepted);

        var audit = (await _app.ScalarAsync<string>("SELECT details::text FROM audit_log WHERE action = 'settings.webhook_secret_rotate'"))!;
        audit.ShouldContain(newSecret[^4..]);
        audit.ShouldNotContain(newSecret);
        audit.ShouldNotContain(TestApp.WebhookSecret);
        // A day later the first sign-in has expired: a new one.
        using var later = await _app.SignedInAsync();
        WebUtility.HtmlDecode(await later.GetHtmlAsync("/Admin")).ShouldNotContain(newSecret);
    }

    /// <summary>A message signed with <paramref name="secret"/> at the app's current time.</summary>
    private async Task<HttpStatusCode> SendAsync(string secret)
    {
        var body = WebhookBodies.Created(WebhookBodies.NewTicketId(), _clock.GetUtcNow());
        using var request = WebhookRequests.Signed(body, timestamp: _clock.GetUtcNow().ToUnixTimeSeconds(), secret: secret);
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [GeneratedRegex("whsec_[A-Za-z0-9+/]{43}=")]
    private static partial Regex NewSecret();
}
