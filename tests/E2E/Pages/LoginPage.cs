using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>The sign-in page, as a user sees it.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" });
    public ILocator Email => page.GetByLabel("Email");
    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });
    public ILocator SubmitButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task GotoAsync() => await page.GotoAsync("/Account/Login");

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SubmitButton.ClickAsync();
    }
}
