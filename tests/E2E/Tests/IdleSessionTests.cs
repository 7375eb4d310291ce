using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>
/// The idle sign-out, on an app of its own with a one-minute session: most of the test is waiting for
/// the warnings, so it runs beside the shared tests (<see cref="OwnAppCollection"/>).
/// </summary>
[Collection(OwnAppCollection.Name)]
public sealed class IdleSessionTests(E2EFixture e2e)
{
    private const string Area = "sec";

    [Fact]
    public async Task The_idle_warning_takes_the_focus_stay_signed_in_extends_the_session_and_the_end_signs_out_with_a_message()
    {
        // A session of a minute, warned 30 seconds before its end: time enough for Axe and screenshots on a busy machine.
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "idle",
            Environment = "E2E",
            Simulator = null,
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Security:IdleTimeoutMinutes"] = "1",
                ["Ticketing:Security:IdleWarningSeconds"] = "30",
            },
        });
        await using var context = await e2e.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl.ToString(), TimezoneId = "Europe/Lisbon", Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(TestUser.Admin.Email!, TestUser.Admin.Password!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();

        var idle = new IdleWarning(page);
        var waitForIt = new LocatorAssertionsToBeVisibleOptions { Timeout = 90_000 };
        await Expect(idle.Dialog).ToBeVisibleAsync(waitForIt);
        await Expect(idle.Stay).ToBeFocusedAsync();
        await Expect(idle.Dialog).ToContainTextAsync("you will be signed out");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "idle-warning");
        await idle.Stay.ClickAsync();
        await Expect(idle.Dialog).ToBeHiddenAsync();

        // The second warning comes after the first session's end: "Stay signed in" works only if the
        // first one really renewed the session on the server.
        await Expect(idle.Dialog).ToBeVisibleAsync(waitForIt);
        await idle.Stay.ClickAsync();
        await Expect(idle.Dialog).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));

        // Nobody answers the third: the sign-in page says why, and the session is over on the server.
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login\\?reason=idle"), new() { Timeout = 120_000 });
        await Expect(page.GetByText("You were signed out because you were away for a while.")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
        await Screenshots.TakeAsync(page, Area, "idle-signed-out");
        await page.GotoAsync("/Tickets");
        await Expect(login.Heading).ToBeVisibleAsync();
    }
}
