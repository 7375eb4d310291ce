using System.Net;
using System.Text.RegularExpressions;
using Shouldly;

namespace Ticketing.IntegrationTests.Security;

public sealed partial class ForwardedHeadersTests
{
    [Fact]
    public async Task X_Forwarded_For_is_believed_only_from_a_configured_proxy()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "forwarded" });

        // Nothing configured: the loopback client is no proxy, and its claimed address is ignored.
        await FailedSignInAsync(app.BaseUrl, "spoofer@forwarded.example", "203.0.113.9");
        (await AddressOfAsync(app, "spoofer@forwarded.example")).ShouldBe("127.0.0.1");

        await using var behindProxy = await app.StartAnotherAsync(o => o with
        {
            Settings = new Dictionary<string, string?> { ["Ticketing:Security:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" },
        });
        await FailedSignInAsync(behindProxy.BaseUrl, "client@forwarded.example", "198.51.100.23");
        (await AddressOfAsync(app, "client@forwarded.example")).ShouldBe("198.51.100.23");
    }

    private static Task<string?> AddressOfAsync(TestApp app, string email) =>
        app.ScalarAsync<string>(
            "SELECT client_address FROM audit_log WHERE action = 'user.sign_in_failed' AND details->>'email' = $1 ORDER BY seq DESC LIMIT 1",
            string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(email.IndexOf('@', StringComparison.Ordinal))));

    private static async Task FailedSignInAsync(Uri baseUrl, string email, string forwardedFor)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = baseUrl };
        var form = await client.GetStringAsync("/Account/Login", TestContext.Current.CancellationToken);
        var token = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = "not-a-password",
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
