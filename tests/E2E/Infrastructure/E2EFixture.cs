using System.Collections.Concurrent;
using Microsoft.Playwright;
using Ticketing.Simulator;

[assembly: AssemblyFixture(typeof(Ticketing.E2ETests.Infrastructure.E2EFixture))]

// The tests share one app and database, and several replace the cached tickets: one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Ticketing.E2ETests.Infrastructure;

/// <summary>
/// One <see cref="TestApp"/> for every test (served on a real port, with its job server, in the E2E
/// environment) and one Chromium. Each test opens its own browser context (cookies included).
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<TestUser, string> _signIns = new();
    private readonly SemaphoreSlim _signInGate = new(1, 1);
    private readonly List<(string? Test, IBrowserContext Context)> _contexts = [];
    private readonly Lock _contextsLock = new();
    private IPlaywright? _playwright;

    /// <summary>
    /// The app. Its Championship IT starts empty, so the tests that write tickets create what they need
    /// and the tests that fill the cache by hand are not disturbed by a sync.
    /// </summary>
    public TestApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var app = TestApp.StartAsync(new()
        {
            Purpose = "e2e",
            Environment = "E2E",
            JobServer = true,
            Simulator = new SimulatorSettings { TicketCount = 0 },
            // The scheduled sync as rare as it can be (daily), so it never refills the cache mid-test.
            Settings = new Dictionary<string, string?> { ["Ticketing:Remote:SyncIntervalMinutes"] = "1440" },
        });
        var browser = LaunchChromiumAsync();
        try
        {
            await Task.WhenAll(app, browser);
        }
        catch
        {
            // Whatever did start goes, so a failed start leaves no app, database or browser behind.
            if (app.IsCompletedSuccessfully)
            {
                await app.Result.DisposeAsync();
            }

            if (browser.IsCompletedSuccessfully)
            {
                await browser.Result.DisposeAsync();
            }

            _playwright?.Dispose();
            throw;
        }

        App = app.Result;
        Browser = browser.Result;
    }

    /// <summary>A fresh browser context (its own cookies) with a page at the app's address.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(storageState: null);

    /// <summary>
    /// A new browser context signed in as <paramref name="user"/> (the admin by default), on the Overview.
    /// The first time for a user it signs in through the sign-in page; later contexts start with the
    /// cookies that sign-in gave (as a browser that stays signed in), and sign in again if they are refused.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(TestUser? user = null)
    {
        user ??= TestUser.Admin;
        if (_signIns.TryGetValue(user, out var state))
        {
            var page = await NewPageAsync(state);
            await page.GotoAsync("/");
            if (await OnOverviewAsync(page))
            {
                return page;
            }

            await page.Context.CloseAsync();
        }

        await _signInGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            var page = await NewPageAsync();
            var login = new Pages.LoginPage(page);
            await login.GotoAsync();
            await login.SignInAsync(user.Email!, user.Password!);
            await Assertions.Expect(OverviewHeading(page)).ToBeVisibleAsync();
            _signIns[user] = await page.Context.StorageStateAsync();
            return page;
        }
        finally
        {
            _signInGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        _signInGate.Dispose();
    }

    /// <summary>
    /// Debian's Chromium headless shell when it is installed (what Playwright itself runs headless: Blink and V8 without the
    /// desktop browser around them, a third less CPU per test here), else Debian's Chromium in its headless mode (decision 165).
    /// </summary>
    private static string DefaultChromium =>
        File.Exists("/usr/bin/chromium-headless-shell") ? "/usr/bin/chromium-headless-shell" : "/usr/bin/chromium";

    private async Task<IBrowser> LaunchChromiumAsync()
    {
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? DefaultChromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    private async Task<IPage> NewPageAsync(string? storageState)
    {
        await CloseEarlierTestsContextsAsync();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            TimezoneId = "Europe/Lisbon",
            Locale = "en-GB",
            StorageState = storageState,
        });
        context.SetDefaultTimeout(15_000);
        lock (_contextsLock)
        {
            _contexts.Add((TestContext.Current.Test?.UniqueID, context));
        }

        return await context.NewPageAsync();
    }

    /// <summary>
    /// Closes the browser contexts that earlier tests opened. The tests run one at a time, and a context left
    /// open keeps its page's live connection: every later ticket change made that page fetch itself again, so
    /// by the end of a run the app served dozens of list and Overview pages nobody looked at, and the tests
    /// that measure a wait (the idle warning, an upload) ran on a machine made slow by their predecessors.
    /// </summary>
    private async Task CloseEarlierTestsContextsAsync()
    {
        var current = TestContext.Current.Test?.UniqueID;
        List<IBrowserContext> earlier;
        lock (_contextsLock)
        {
            earlier = [.. _contexts.Where(c => c.Test != current).Select(c => c.Context)];
            _contexts.RemoveAll(c => c.Test != current);
        }

        foreach (var context in earlier)
        {
            await context.CloseAsync();
        }
    }

    private static ILocator OverviewHeading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 });

    private static async Task<bool> OnOverviewAsync(IPage page)
    {
        try
        {
            await Assertions.Expect(OverviewHeading(page)).ToBeVisibleAsync();
            return true;
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }
}
