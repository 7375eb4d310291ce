using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;

namespace Ticketing.E2ETests.Tests;

/// <summary>Following a ticket from its page, and ticket templates from the admin page to a created ticket.</summary>
public sealed class FollowAndTemplateTests(E2EFixture e2e)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_follows_a_ticket_by_keyboard_and_a_change_by_someone_else_reaches_their_inbox()
    {
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddDays(-2), title: "Badge reader at the side door");
        await e2e.App.ReplaceTicketsAsync(ticket);
        await using (var db = e2e.App.Database.CreateDbContext())
        {
            await db.Notifications.ExecuteDeleteAsync(Ct);
        }

        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        await page.GotoAsync($"/Tickets/Details/{ticket.Id}");
        var follow = page.GetByRole(AriaRole.Button, new() { Name = "Follow", Exact = true });
        await Expect(follow).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.GetByTestId("follow-state")).ToHaveTextAsync("Not following");

        await follow.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(follow).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByTestId("follow-state")).ToHaveTextAsync("Following");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You follow this ticket" })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "notify", "ticket-following");

        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            ticket.Status = TicketStatus.OnHold;
            ticket.UpdatedAt = DateTimeOffset.UtcNow;
            await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
                .UpsertManyAsync([ticket], ChangeSource.Webhook, DateTimeOffset.UtcNow, touchUnchanged: false, Ct);
        }

        var inbox = new Pages.InboxPage(page);
        await Expect(inbox.Badge).ToHaveTextAsync("1");
        await inbox.GotoAsync();
        await Expect(inbox.Rows).ToHaveCountAsync(1);
        await Expect(inbox.Rows.First).ToContainTextAsync($"{ticket.TicketNumber}: status → On hold");
        await Expect(inbox.Rows.First).ToContainTextAsync("Badge reader at the side door");
        await Screenshots.TakeAsync(page, "notify", "inbox-followed-change");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await using var check = e2e.App.Database.CreateDbContext();
        (await check.Notifications.CountAsync(Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task An_admin_makes_a_template_and_a_user_creates_a_ticket_from_it_changing_the_title()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var name = $"New laptop {token}";
        var admin = await e2e.SignedInPageAsync();
        await admin.GotoAsync("/Admin/Templates");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Ticket templates", Level = 1 })).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "New template" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "New ticket template", Level = 1 })).ToBeVisibleAsync();
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        await admin.GetByLabel("Name").FillAsync(name);
        await admin.GetByLabel("Title").FillAsync("Laptop for {user}");
        await admin.GetByLabel("Description").FillAsync("Model:\nNeeded by:");
        await admin.GetByLabel("Category").FillAsync("Hardware");
        await admin.GetByLabel("Priority").SelectOptionAsync(new SelectOptionValue { Label = "High" });
        await admin.GetByLabel("Tags").FillAsync("laptop, onboarding");
        await admin.GetByLabel("Custom fields").FillAsync("{\"asset_tag\": \"LT-2231\", \"on_site\": true}");
        await Screenshots.TakeAsync(admin, "notify", "template-edit");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Template “{name}” created." })).ToBeVisibleAsync();
        var row = admin.GetByRole(AriaRole.Table, new() { Name = "Ticket templates" }).GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("High");
        await Screenshots.TakeAsync(admin, "notify", "template-list");
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        var form = new TicketCreatePage(page);
        await form.GotoAsync();
        await page.GetByLabel("Start from a template").SelectOptionAsync(new SelectOptionValue { Label = name });
        await page.GetByRole(AriaRole.Button, new() { Name = "Fill the form" }).ClickAsync();

        await Expect(page.GetByTestId("template-applied")).ToContainTextAsync(name);
        await Expect(form.Title).ToHaveValueAsync("Laptop for Alex Morgan");
        await Expect(form.Description).ToHaveValueAsync("Model:\nNeeded by:");
        await Expect(form.Category).ToHaveValueAsync("Hardware");
        await Expect(form.Priority).ToHaveValueAsync("High");
        await Expect(form.Tags).ToHaveValueAsync("laptop, onboarding");
        await Expect(page.GetByLabel("Custom fields")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"asset_tag\": \"LT-2231\""));
        await Screenshots.TakeAsync(page, "notify", "create-from-template");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        var title = $"Laptop for Alex Morgan, 14 inch {token}";
        await form.Title.FillAsync(title);
        await form.Submit.ClickAsync();

        var details = new TicketDetailsPage(page);
        await Expect(details.Heading).ToContainTextAsync(title);
        var remote = e2e.App.Simulator.Store.Snapshot().Where(t => t.Title == title).ShouldHaveSingleItem();
        remote.Priority.ShouldBe(SimPriority.High);
        remote.Category.ShouldBe("Hardware");
        remote.Tags.ShouldBe(["laptop", "onboarding"]);
        remote.Description.ShouldNotBeNull().ReplaceLineEndings("\n").ShouldBe("Model:\nNeeded by:");
        using var fields = System.Text.Json.JsonDocument.Parse(remote.CustomFieldsJson);
        fields.RootElement.GetProperty("asset_tag").GetString().ShouldBe("LT-2231");
        fields.RootElement.GetProperty("on_site").GetBoolean().ShouldBeTrue();
    }
}
