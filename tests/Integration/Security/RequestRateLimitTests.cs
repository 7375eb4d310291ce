using System.Net;
using System.Net.Http.Headers;
using Shouldly;

namespace Ticketing.IntegrationTests.Security;

public sealed class RequestRateLimitTests
{
    [Fact]
    public async Task Each_user_has_their_own_limits_with_exports_and_searches_stricter_and_429_says_when_to_retry()
    {
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "ratelimit",
            Simulator = null,
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Security:RequestPermitLimit"] = "8",
                ["Ticketing:Security:SearchPermitLimit"] = "3",
                ["Ticketing:Security:ExportPermitLimit"] = "2",
                ["Ticketing:Security:RequestWindowSeconds"] = "3600",
            },
        });
        using var staff = await app.SignedInAsync(TestUser.Staff);
        using var admin = await app.SignedInAsync(TestUser.Admin);

        // Exports: two, then 429 with Retry-After and a page in words; another user still may.
        for (var i = 0; i < 2; i++)
        {
            using var export = await staff.GetAsync("/Tickets/Export");
            export.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var refused = await staff.GetAsync("/Tickets/Export"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().TotalSeconds.ShouldBeInRange(1, 3600);
            (await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Too many exports");
        }

        using (var adminExport = await admin.GetAsync("/Tickets/Export"))
        {
            adminExport.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Searches: three, then 429; plain pages still answer (a limit of their own).
        for (var i = 0; i < 3; i++)
        {
            using var search = await staff.GetAsync($"/Tickets?q=printer{i}");
            search.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var refusedSearch = await staff.GetAsync("/Tickets?q=printer"))
        {
            refusedSearch.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            (await refusedSearch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Too many searches");
        }

        // Everything else: up to the request limit, then a JSON problem for a script.
        var answered = 0;
        HttpResponseMessage? last = null;
        for (var i = 0; i < 20; i++)
        {
            last?.Dispose();
            last = await staff.GetAsync("/notifications/unread-count");
            if (last.StatusCode == HttpStatusCode.TooManyRequests)
            {
                break;
            }

            last.StatusCode.ShouldBe(HttpStatusCode.OK);
            answered++;
        }

        answered.ShouldBeLessThanOrEqualTo(8);
        last.ShouldNotBeNull().StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        last.Dispose();

        using var script = new HttpRequestMessage(HttpMethod.Get, "/notifications/unread-count");
        script.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var json = await staff.SendAsync(script);
        json.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        json.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        json.Headers.RetryAfter.ShouldNotBeNull();

        (await admin.GetAsync("/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
