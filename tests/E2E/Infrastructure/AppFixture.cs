using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Ticketing.Domain.Tickets;
using Ticketing.Simulator;

[assembly: AssemblyFixture(typeof(Ticketing.E2ETests.Infrastructure.AppFixture))]

// The tests share one app and database, and several replace the cached tickets: one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

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

    /// <summary>
    /// The app's Championship IT: starts empty, so the tests that write tickets create what they
    /// need and the tests that fill the cache by hand are not disturbed by a sync.
    /// </summary>
    public SimulatorHost Simulator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Simulator = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 0, ApiKey = "sim-e2e-" + Guid.NewGuid().ToString("N") });
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
            builder.UseSetting("Ticketing:Remote:BaseUrl", Simulator.BaseUrl.ToString());
            builder.UseSetting("Ticketing:Remote:ApiKey", Simulator.ApiKey);
            // The scheduled sync as rare as it can be (daily), so it never refills the cache mid-test.
            builder.UseSetting("Ticketing:Remote:SyncIntervalMinutes", "1440");
        });
        _factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
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

    /// <summary>Replaces every cached ticket (and what hangs off them) with these.</summary>
    public async Task ReplaceTicketsAsync(params Ticket[] tickets)
    {
        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var clear = new NpgsqlCommand("DELETE FROM tickets_cache", connection);
            await clear.ExecuteNonQueryAsync();
        }

        await using var db = Database.CreateDbContext();
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync();
    }

    /// <summary>A new browser context signed in as this user, on the Overview.</summary>
    public async Task<IPage> SignedInPageAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var page = await NewPageAsync();
        var login = new Pages.LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(email, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        return page;
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

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }
}
