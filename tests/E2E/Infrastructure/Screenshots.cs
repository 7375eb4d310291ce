using Microsoft.Playwright;

namespace Ticketing.E2ETests.Infrastructure;

/// <summary>
/// Screenshots for a person to look at, at the desktop (1440×900) and phone (390×844) sizes the pages are
/// reviewed at: taken only when <c>TICKETING_SCREENSHOTS</c> names a folder, so a normal run writes nothing.
/// </summary>
public static class Screenshots
{
    public static async Task TakeAsync(IPage page, string area, string name)
    {
        if (Environment.GetEnvironmentVariable("TICKETING_SCREENSHOTS") is not { Length: > 0 } root)
        {
            return;
        }

        var folder = Path.Combine(root, area);
        Directory.CreateDirectory(folder);
        var size = page.ViewportSize;
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);

            // A full-page shot of a scrolled page draws the sticky header where the scroll left it.
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}x{height}.png"), FullPage = true });
        }

        if (size is not null)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
        }
    }
}
