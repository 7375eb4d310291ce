using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

public sealed class NotificationTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_user_sees_their_notification_and_badge_marks_it_read_and_another_user_gets_404_for_it()
    {
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-1));
        await e2e.App.ReplaceTicketsAsync();
        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            await using var db = e2e.App.Database.CreateDbContext();
            await db.Notifications.ExecuteDeleteAsync(TestContext.Current.CancellationToken);
            var tickets = scope.ServiceProvider.GetRequiredService<ITicketRepository>();

            // The mirror first discovers the ticket (history: nobody hears of it), then sees it assigned (news).
            await tickets.UpsertManyAsync([ticket], ChangeSource.Sync, DateTimeOffset.UtcNow, touchUnchanged: false, TestContext.Current.CancellationToken);
            ticket.AssigneeId = "agt_1";
            ticket.AssigneeName = "Alex Morgan";
            ticket.UpdatedAt = DateTimeOffset.UtcNow;
            await tickets.UpsertManyAsync([ticket], ChangeSource.Webhook, DateTimeOffset.UtcNow, touchUnchanged: false, TestContext.Current.CancellationToken);
        }

        Guid notificationId;
        await using (var db = e2e.App.Database.CreateDbContext())
        {
            notificationId = await Eventually.ValueAsync(async () => await db.Notifications.Select(n => (Guid?)n.Id).FirstOrDefaultAsync(TestContext.Current.CancellationToken), "the assignment notification exists");
        }

        var alex = await e2e.SignedInPageAsync(TestUser.Staff);
        var badge = alex.GetByTestId("unread-count");
        await Expect(badge).ToHaveTextAsync("1");
        await alex.GetByTestId("notification-badge-link").ClickAsync();
        await Expect(alex.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();
        var item = alex.GetByRole(AriaRole.List, new() { Name = "Your notifications" }).GetByRole(AriaRole.Listitem);
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item).ToContainTextAsync($"{ticket.TicketNumber}: assignee → you");

        await item.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Mark read") }).ClickAsync();
        await Expect(badge).ToHaveTextAsync("0");
        await Expect(badge).ToBeHiddenAsync();

        // Opening is a form post: another user's post of it is a 404.
        var admin = await e2e.SignedInPageAsync();
        await admin.GotoAsync("/Notifications");
        var token = await admin.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = admin.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        var foreign = await admin.APIRequest.PostAsync($"/Notifications/Open/{notificationId}", new() { Form = form, MaxRedirects = 0 });
        foreign.Status.ShouldBe(404);
        await Expect(admin.GetByRole(AriaRole.List, new() { Name = "Your notifications" })).ToHaveCountAsync(0);

        await using var check = e2e.App.Database.CreateDbContext();
        var stored = await check.Notifications.SingleAsync(n => n.Id == notificationId, TestContext.Current.CancellationToken);
        stored.IsRead.ShouldBeTrue();
    }

    [Fact]
    public async Task A_change_arriving_while_the_list_is_open_updates_it_without_a_reload()
    {
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-1));
        await e2e.App.ReplaceTicketsAsync(ticket);
        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync("/Tickets");
        var list = new TicketListPage(page);
        await Expect(list.Rows).ToHaveCountAsync(1);
        await Expect(page.Locator("html[data-live-connected=true]")).ToHaveCountAsync(1);
        await page.EvaluateAsync("window.__notReloaded = true");

        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            ticket.Status = TicketStatus.Resolved;
            ticket.ResolvedAt = DateTimeOffset.UtcNow;
            ticket.UpdatedAt = DateTimeOffset.UtcNow;
            await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
                .UpsertManyAsync([ticket], ChangeSource.Webhook, DateTimeOffset.UtcNow, touchUnchanged: false, TestContext.Current.CancellationToken);
        }

        // Updated in place; no toast, as the ticket is nobody's the signed-in user has to hear about.
        await Expect(list.Rows.First.Locator(".c-status")).ToHaveTextAsync("Resolved");
        await Expect(page.Locator("#live-toasts .toast")).ToHaveCountAsync(0);
        (await page.EvaluateAsync<bool>("window.__notReloaded === true")).ShouldBeTrue();
    }
}
