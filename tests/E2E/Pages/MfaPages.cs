using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The user's two-step sign-in page (set up, recovery codes, on), as a user sees it.</summary>
public sealed class MfaPage(IPage page)
{
    public ILocator SetupHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Set up your authenticator app" });
    public ILocator QrCode => page.GetByRole(AriaRole.Img, new() { Name = "QR code holding your Ticketing key; the same key is written next to it" });
    public ILocator Key => page.GetByTestId("mfa-key");
    public ILocator Code => page.GetByLabel("Code from the app");
    public ILocator TurnOn => page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" });
    public ILocator CodesHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" });
    public ILocator Codes => page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem);
    public ILocator Download => page.GetByRole(AriaRole.Link, new() { Name = "Download the codes" });
    public ILocator Continue => page.GetByRole(AriaRole.Link, new() { Name = "Continue" });
    public ILocator OnHeading => page.GetByRole(AriaRole.Heading, new() { Name = "On", Exact = true });

    public async Task GotoAsync() => await page.GotoAsync("/Account/Mfa");
}

/// <summary>The second step of a sign-in.</summary>
public sealed class SecondStepPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Two-step sign-in" });
    public ILocator Code => page.GetByLabel("Code", new() { Exact = true });
    public ILocator Verify => page.GetByRole(AriaRole.Button, new() { Name = "Verify" });

    public async Task EnterAsync(string code)
    {
        await Code.FillAsync(code);
        await Verify.ClickAsync();
    }
}

/// <summary>The idle warning dialog every signed-in page carries.</summary>
public sealed class IdleWarning(IPage page)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog, new() { Name = "Are you still there?" });
    public ILocator Stay => Dialog.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" });
    public ILocator SignOut => Dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
}
