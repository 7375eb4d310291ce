using Microsoft.Playwright;
using Shouldly;
using Ticketing.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>The admin audit log page: its filters, the chain check and the export, by keyboard and for a screen reader.</summary>
public sealed class AuditPageTests(E2EFixture e2e)
{
    [Fact]
    public async Task An_admin_checks_the_chain_and_filters_by_ticket_with_no_serious_accessibility_violation()
    {
        var page = await e2e.SignedInPageAsync();
        await page.GotoAsync("/Admin/Audit");

        await Expect(page.GetByLabel("Ticket", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the chain" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var status = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The chain is" });
        await Expect(status).ToContainTextAsync("The chain is intact.");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "audit-chain-intact");

        await page.GetByLabel("Ticket", new() { Exact = true }).FillAsync("IT-000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No entries match these filters.")).ToBeVisibleAsync();
        page.Url.ShouldContain("Ticket=IT-000000");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await ScreenshotsAsync(page, "audit-ticket-filter-empty");
    }

    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        var directory = Path.Combine(FindRoot(), "artifacts", "screenshots", "authops");
        Directory.CreateDirectory(directory);
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}-{width}x{height}.png"), FullPage = true });
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ticketing.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
