using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Ticketing.Tests.Common;

[assembly: AssemblyFixture(typeof(Ticketing.E2ETests.Infrastructure.AppFixture))]

namespace Ticketing.E2ETests.Infrastructure;

/// <summary>
/// The whole app on a real port (Kestrel, port chosen by the OS) over a database of its own, and
/// one Chromium for every test. Each test opens its own browser context (cookies included).
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@e2e.test";
    public const string AdminPassword = "E2e-Admin-Password1";
    public const string StaffEmail = "alex.morgan@demo.local";
    public const string StaffPassword = "E2e-Staff-Password1";

    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public TestDatabase Database { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("e2e");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("E2E");
            builder.UseSetting("ConnectionStrings:Ticketing", Database.ConnectionString);
            builder.UseSetting("Ticketing:Database:MigrateOnStartup", "true");
            builder.UseSetting("Ticketing:Seed:AdminEmail", AdminEmail);
            builder.UseSetting("Ticketing:Seed:AdminPassword", AdminPassword);
            builder.UseSetting("Ticketing:Seed:Demo", "true");
            builder.UseSetting("Ticketing:Seed:DemoStaffPassword", StaffPassword);
        });
        _factory.UseKestrel(0);
        _factory.StartServer();

        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a page at the app's address.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            TimezoneId = "Europe/Lisbon",
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
