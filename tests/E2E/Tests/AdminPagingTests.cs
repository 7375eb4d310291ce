using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The admin lists' pager. Its links used to name the page "page", which Razor Pages keeps for the
/// page's own path: "Next" led back to page 1.
/// </summary>
public sealed class AdminPagingTests(E2EFixture e2e)
{
    [Fact]
    public async Task Next_and_Previous_move_through_the_sync_log_and_keep_its_filters()
    {
        // 30 runs on days of their own, long ago, so the date filter holds exactly these (25 a page).
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-400));
        var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        await using (var db = e2e.App.Database.CreateDbContext())
        {
            db.SyncLogs.AddRange(Enumerable.Range(0, 30).Select(i => new SyncLog
            {
                Id = Guid.CreateVersion7(),
                SyncType = SyncType.Manual,
                Status = SyncStatus.Success,
                RecordsProcessed = 1000 + i,
                StartedAt = noon.AddMinutes(i),
                CompletedAt = noon.AddMinutes(i).AddSeconds(30),
            }));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync($"/Admin/SyncLogs?From={day:yyyy-MM-dd}&To={day.AddDays(1):yyyy-MM-dd}");
        var runs = page.GetByRole(AriaRole.Table, new() { Name = "Runs", Exact = true }).Locator("tbody tr");
        var pager = page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });
        await Expect(runs).ToHaveCountAsync(25);
        await Expect(pager).ToContainTextAsync("Page 1 of 2 · 30 in all");
        var firstPage = await runs.AllInnerTextsAsync();

        await pager.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"From={day:yyyy-MM-dd}.*[?&]p=2"));
        await Expect(pager).ToContainTextAsync("Page 2 of 2 · 30 in all");
        await Expect(runs).ToHaveCountAsync(5);
        (await runs.AllInnerTextsAsync()).ShouldNotContain(row => firstPage.Contains(row));

        await pager.GetByRole(AriaRole.Link, new() { Name = "Previous" }).ClickAsync();

        await Expect(pager).ToContainTextAsync("Page 1 of 2");
        (await runs.AllInnerTextsAsync()).ShouldBe(firstPage);
    }
}
