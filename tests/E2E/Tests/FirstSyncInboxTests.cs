using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// A new installation's first full sync only discovers history: the user who is the assignee of many of
/// Championship IT's tickets opens an empty inbox, with no badge. On an installation of its own, beside
/// the shared tests (<see cref="OwnAppCollection"/>).
/// </summary>
[Collection(OwnAppCollection.Name)]
public sealed class FirstSyncInboxTests(E2EFixture e2e)
{
    [Fact]
    public async Task After_the_first_full_sync_a_user_sees_an_empty_inbox_and_no_badge()
    {
        // An installation of its own: the shared app has seen changes already, this one has seen nothing.
        await using var app = await TestApp.StartAsync(new() { Purpose = "e2e-first-sync", Simulator = new() { TicketCount = 60, Seed = 11 } });
        var outcome = await app.SendAsync(new RunSyncCommand(SyncType.Manual, Full: true));
        outcome.Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        await Eventually.UntilAsync(
            async () => await app.ScalarAsync<long>("SELECT count(*) FROM ticket_events WHERE processed_at IS NULL") == 0,
            "the notification rules have seen every event of the first sync");
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_events")).ShouldBeGreaterThan(0);
        var assignedToStaff = await app.ScalarAsync<long>(
            """
            SELECT count(*) FROM tickets_cache t JOIN users u ON u.email = $1 LEFT JOIN remote_agents a ON a.id = t.assignee_id
            WHERE t.assignee_id = u.remote_assignee_id OR lower(a.email) = lower(u.email)
            """,
            TestUser.Staff.Email!);
        assignedToStaff.ShouldBeGreaterThan(0, "the user is the assignee of synced tickets, so a flood would reach them");

        var context = await e2e.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl.ToString(), TimezoneId = "Europe/Lisbon", Locale = "en-GB" });
        try
        {
            var page = await context.NewPageAsync();
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInAsync(TestUser.Staff.Email!, TestUser.Staff.Password!);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();

            var inbox = new InboxPage(page);
            await Expect(inbox.Badge).ToBeHiddenAsync();
            await inbox.GotoAsync();
            await Expect(page.GetByText("No notifications.")).ToBeVisibleAsync();
            await Expect(inbox.Rows).ToHaveCountAsync(0);
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        }
        finally
        {
            await context.CloseAsync();
        }

        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_notifications")).ShouldBe(0);
    }
}
