using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using Ticketing.Simulator.Tickets;
using static Microsoft.Playwright.Assertions;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;
using Ticket = Ticketing.Domain.Tickets.Ticket;

namespace Ticketing.E2ETests.Tests;

/// <summary>The list's "Uncategorized" preset: each row's suggested category, and the bulk "Apply suggestions".</summary>
public sealed class TriageListTests(E2EFixture e2e)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_uncategorized_preset_shows_suggestions_and_applying_them_writes_each_category_to_the_remote()
    {
        await TriageSuggestionTests.ActivateCategoryModelAsync(e2e);
        try
        {
            await ShowAndApplyAsync();
        }
        finally
        {
            await e2e.App.Database.ExecuteAsync("UPDATE triage_models SET is_active = false");
        }
    }

    private async Task ShowAndApplyAsync()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var vpn = await SeedAsync($"VPN tunnel drops every few minutes {token}", "The VPN client disconnects and the network share is gone.");
        var printer = await SeedAsync($"Printer jams on tray 2 {token}", "The printer shows a paper jam and prints nothing.");

        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        var list = new TicketListPage(page);
        var bulk = new TicketBulkPage(page);
        await page.GotoAsync($"{e2e.App.BaseUrl}Tickets");
        await list.Preset("Uncategorized").ClickAsync();

        var vpnRow = list.Row(vpn.TicketNumber);
        await Expect(vpnRow.Locator(".c-category")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Suggested: Network — \d+ %"));
        await Expect(vpnRow.Locator(".c-category")).ToContainTextAsync("“vpn”");
        var printerSuggestion = await list.Row(printer.TicketNumber).Locator("[data-suggested-category]").GetAttributeAsync("data-suggested-category");
        printerSuggestion.ShouldNotBeNullOrEmpty();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, "triage", "list-uncategorized");

        await bulk.Select(vpn.TicketNumber).CheckAsync();
        await bulk.Select(printer.TicketNumber).CheckAsync();
        var apply = page.GetByRole(AriaRole.Button, new() { Name = "Apply suggestions" });
        await apply.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(bulk.Result).ToContainTextAsync("2 of 2 tickets changed", new() { Timeout = 20_000 });

        // Each changed row shows the category it got at once, not the suggestion it no longer needs (the rows
        // then fade from the preset, as they are no longer uncategorized).
        await Expect(vpnRow.Locator(".c-category")).ToHaveTextAsync("Network", new() { Timeout = 1_000 });
        await Expect(list.Row(printer.TicketNumber).Locator(".c-category")).ToHaveTextAsync(printerSuggestion!, new() { Timeout = 1_000 });
        await Screenshots.TakeAsync(page, "triage", "list-suggestions-applied");
        e2e.App.Simulator.Store.Find(vpn.ExternalTicketId).ShouldNotBeNull().Category.ShouldBe("Network");
        e2e.App.Simulator.Store.Find(printer.ExternalTicketId).ShouldNotBeNull().Category.ShouldBe(printerSuggestion);

        await using var db = e2e.App.Database.CreateDbContext();
        var feedback = await db.TriageFeedback.AsNoTracking().Where(f => f.TicketId == vpn.Id || f.TicketId == printer.Id).ToListAsync(Ct);
        feedback.Count.ShouldBe(2);
        feedback.ShouldAllBe(f => f.Accepted);
        (await e2e.App.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'ticket.bulk_update' AND details::text LIKE $1", $"%{vpn.Id}%")).ShouldBe(1);
    }

    private async Task<Ticket> SeedAsync(string title, string description)
    {
        var created = e2e.App.Simulator.Store.Create(
            new NewTicketInput(title, description, SimPriority.Medium, null, "Sales", "Dana Ruiz", "dana.ruiz@example.com", null, [], "{}"),
            idempotencyKey: null).Ticket;
        await using (var scope = e2e.App.Services.CreateAsyncScope())
        {
            var read = (await scope.ServiceProvider.GetRequiredService<ITicketingApi>().GetTicketAsync(created.Id, Ct)).Ticket;
            await scope.ServiceProvider.GetRequiredService<ITicketRepository>()
                .UpsertManyAsync([read], ChangeSource.Sync, DateTimeOffset.UtcNow, touchUnchanged: false, Ct);
        }

        await using var db = e2e.App.Database.CreateDbContext();
        return await db.Tickets.AsNoTracking().SingleAsync(t => t.ExternalTicketId == created.Id, Ct);
    }
}
