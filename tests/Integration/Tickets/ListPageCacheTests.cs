using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Shouldly;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.IntegrationTests.Tickets;

/// <summary>
/// The kept list pages (decision 133): a repeat view is the page rendered before, for that user only; a reload
/// renders it again; its forms' tokens stay valid; and a change made through the app shows on the very next request.
/// </summary>
public sealed partial class ListPageCacheTests
{
    [Fact]
    public async Task A_repeat_view_is_the_kept_page_for_that_user_only_and_a_change_shows_on_the_next_request()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "listcache" });
        await app.SendAsync(new RunSyncCommand(SyncType.Manual, Full: true));
        using var staff = await app.SignedInAsync(TestUser.Staff);
        using var admin = await app.SignedInAsync(TestUser.Admin);

        var (firstAnswer, firstHtml) = await GetAsync(staff, "/Tickets");
        firstAnswer.ShouldBe("miss", "the first view renders the page and keeps it");
        var (repeatAnswer, repeatHtml) = await GetAsync(staff, "/Tickets");
        repeatAnswer.ShouldBe("hit");
        repeatHtml.ShouldBe(firstHtml);

        (await GetAsync(staff, "/Tickets", reload: true)).Answer.ShouldBe("miss", "a reload renders the page again");
        (await GetAsync(staff, "/Tickets?q=zzzz")).Answer.ShouldBe("miss", "another address is another page");
        (await GetAsync(admin, "/Tickets")).Answer.ShouldBe("miss", "another user never gets this user's page");

        // The user changes a row from the kept page, with that page's antiforgery token.
        var row = Row().Match(repeatHtml);
        row.Success.ShouldBeTrue();
        var id = row.Groups["id"].Value;
        var priority = row.Groups["priority"].Value == "critical" ? "low" : "critical";
        var token = WebUtility.HtmlDecode(Token().Match(repeatHtml).Groups[1].Value);
        token.ShouldNotBeEmpty();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Tickets?handler=Inline")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["id"] = id,
                ["version"] = WebUtility.HtmlDecode(row.Groups["v"].Value),
                ["field"] = "priority",
                ["value"] = priority,
                ["__RequestVerificationToken"] = token,
            }),
        };
        using (var changed = await staff.SendAsync(post))
        {
            changed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await changed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Saved:");
        }

        var (afterAnswer, afterHtml) = await GetAsync(staff, "/Tickets");
        afterAnswer.ShouldBe("miss", "the change moved the page's key");
        var changedRow = Row().Matches(afterHtml).Single(m => m.Groups["id"].Value == id);
        changedRow.Groups["priority"].Value.ShouldBe(priority);
        (await GetAsync(staff, "/Tickets")).Answer.ShouldBe("hit", "the page rendered after the change is kept in turn");
    }

    private static async Task<(string? Answer, string Html)> GetAsync(TestBrowser browser, string path, bool reload = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (reload)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }

        using var response = await browser.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = response.Headers.TryGetValues(ListPageCache.Header, out var values) ? values.Single() : null;
        return (answer, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("""<tr data-id="(?<id>[^"]+)" data-v="(?<v>[^"]+)"[\s\S]*?<td class="c-priority" data-value="(?<priority>[^"]+)">""")]
    private static partial Regex Row();
}
