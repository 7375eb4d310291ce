using System.Net;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Security;
using Ticketing.Infrastructure.Identity;
using Ticketing.Infrastructure.Seeding;
using Ticketing.Simulator;
using Ticketing.Web;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Tests.Common;

/// <summary>
/// The one way tests start the app: as Program builds it (<see cref="TicketingWebApp.Build"/>), over a
/// database of its own (a copy of the run's migrated template), with the in-process simulator as its
/// Championship IT, and the seeded <see cref="TestUser.Admin"/> and <see cref="TestUser.Staff"/>. It is
/// <see cref="AppHosting.Served">served</see> on a loopback port, only <see cref="AppHosting.Composed">composed</see>,
/// or run as a <see cref="AppHosting.Process">process</see> of its own; see <see cref="TestAppOptions"/>.
/// <see cref="StartAnotherAsync"/> adds an instance over the same database and simulator. Disposing
/// the first instance drops its database and stops its simulator.
/// </summary>
public sealed partial class TestApp : IAsyncDisposable
{
    /// <summary>The integration's webhook secret, seeded from <c>Ticketing:Remote:WebhookSecret</c>.</summary>
    public const string WebhookSecret = "whsec_YWRtaW4tdGVzdHMtd2ViaG9vay1zZWNyZXQtMzItYnl0ZXM=";

    /// <summary>Where the app's remote points without a simulator: the discard port, which nothing on this machine answers.</summary>
    private const string ClosedRemote = "http://127.0.0.1:9/";

    /// <summary>
    /// The migrated template with what <see cref="TestAppOptions.SeedUsers"/> asks for (roles, the admin, the
    /// demo staff and projects), seeded once per run by the app's own seeders: hashing three passwords is
    /// most of an app's start. The app's start-up still runs the seeders, which find it all there.
    /// </summary>
    private static readonly DatabaseTemplate SeededUsers = new("users", DatabaseTemplate.Migrated, SeedUsersAsync);

    private readonly WebApplication? _app;
    private readonly WebProcess? _process;
    private readonly SimulatorHost? _simulator;
    private readonly MailServer? _mail;
    private readonly Uri? _baseUrl;
    private readonly bool _ownsDatabaseAndSimulator;
    private HttpClient? _client;
    private int _stopped;

    private TestApp(TestAppOptions options, TestDatabase database, SimulatorHost? simulator, MailServer? mail, bool owner, WebApplication? app, WebProcess? process, Uri? baseUrl, LogCapture? logs)
    {
        Options = options;
        Database = database;
        _simulator = simulator;
        _mail = mail;
        _ownsDatabaseAndSimulator = owner;
        _app = app;
        _process = process;
        _baseUrl = baseUrl;
        Logs = logs;
    }

    public TestAppOptions Options { get; }

    public TestDatabase Database { get; }

    public SimulatorHost Simulator =>
        _simulator ?? throw new InvalidOperationException("This app runs without a simulator (TestAppOptions.Simulator is null).");

    /// <summary>The local mail server (<see cref="TestAppOptions.MailServer"/>).</summary>
    public MailServer Mail =>
        _mail ?? throw new InvalidOperationException("This app runs without a mail server (TestAppOptions.MailServer is false).");

    /// <summary>The address the app sends from and reads as its IT mailbox, when it has a mail server.</summary>
    public const string ItMailbox = "it@ticketing.test";

    /// <summary>Where the app listens (served or process).</summary>
    public Uri BaseUrl =>
        _baseUrl ?? throw new InvalidOperationException("A composed app has no address: use AppHosting.Served.");

    /// <summary>The app's services (served or composed).</summary>
    public IServiceProvider Services =>
        _app?.Services ?? throw new InvalidOperationException("A process's services are out of reach: use its pages, or AppHosting.Served.");

    /// <summary>
    /// Replaces the mirror's tickets (<see cref="TestDatabase.ReplaceTicketsAsync"/>) and evicts the cached
    /// figures, lists and counts, as the app's own writers do after a change: written straight into the
    /// database, the tickets would otherwise show only when the cached answers run out.
    /// </summary>
    public async Task ReplaceTicketsAsync(params Ticketing.Domain.Tickets.Ticket[] tickets)
    {
        await Database.ReplaceTicketsAsync(tickets);
        if (_app is not null)
        {
            await _app.Services.GetRequiredService<Ticketing.Application.Common.Caching.ICacheInvalidator>().InvalidateAsync(Ticketing.Application.Common.Caching.CacheTag.Tickets);
        }
    }

    /// <summary>The app as <c>Program</c> built it (served or composed), for what takes the application itself: a command-line verb.</summary>
    public WebApplication WebApp =>
        _app ?? throw new InvalidOperationException("A process's application is out of reach: use its pages, or AppHosting.Served.");

    /// <summary>Every log line from Debug up, when <see cref="TestAppOptions.CaptureLogs"/> is on (in process).</summary>
    public LogCapture? Logs { get; }

    /// <summary>What the process wrote to stdout and stderr so far (<see cref="AppHosting.Process"/> only).</summary>
    public string Output =>
        _process?.Output ?? throw new InvalidOperationException("Only a process has an output: use TestAppOptions.CaptureLogs in process.");

    /// <summary>A plain client without cookies (a webhook sender, a script), following redirects.</summary>
    public HttpClient Client => _client ??= new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts an app as the options say (the defaults when none are given).</summary>
    public static async Task<TestApp> StartAsync(TestAppOptions? options = null)
    {
        options ??= new TestAppOptions();
        var simulator = StartSimulatorAsync(options);
        var mail = StartMailServerAsync(options);
        var database = options switch
        {
            { EmptyDatabase: true } => TestDatabase.CreateEmptyAsync(options.Purpose, Ct),
            { SeedUsers: true } => TestDatabase.CreateAsync(options.Purpose, SeededUsers, Ct),
            _ => TestDatabase.CreateAsync(options.Purpose, Ct),
        };
        try
        {
            await Task.WhenAll(simulator, database, mail);
            return await LaunchAsync(options, await database, await simulator, await mail, owner: true);
        }
        catch
        {
            // Whatever was made before the failure goes, so a failed start leaves nothing behind.
            if (simulator.IsCompletedSuccessfully && simulator.Result is { } started)
            {
                await started.DisposeAsync();
            }

            if (database.IsCompletedSuccessfully)
            {
                await database.Result.DisposeAsync();
            }

            if (mail.IsCompletedSuccessfully && mail.Result is { } startedMail)
            {
                await startedMail.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// Another instance over this one's database and simulator, as a second server or a restart would
    /// be: it knows only what the database holds. <paramref name="change"/> adjusts this app's options
    /// (another hosting, other settings). Dispose it before this one.
    /// </summary>
    public Task<TestApp> StartAnotherAsync(Func<TestAppOptions, TestAppOptions>? change = null) =>
        LaunchAsync(change?.Invoke(Options) ?? Options, Database, _simulator, _mail, owner: false);

    /// <summary>Sends a command through the mediator pipeline as <paramref name="user"/> (by default the system, as a job does).</summary>
    public Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, TestUser? user = null) =>
        InScopeAsync(services => services.GetRequiredService<ISender>().Send(command, Ct).AsTask(), user);

    /// <summary>Sends a query through the mediator pipeline as <paramref name="user"/> (by default the system).</summary>
    public Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query, TestUser? user = null) =>
        InScopeAsync(services => services.GetRequiredService<ISender>().Send(query, Ct).AsTask(), user);

    /// <summary>Sends a request through the mediator pipeline as <paramref name="user"/> (by default the system).</summary>
    public Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, TestUser? user = null) =>
        InScopeAsync(services => services.GetRequiredService<ISender>().Send(request, Ct).AsTask(), user);

    /// <summary>
    /// Runs <paramref name="work"/> in a new scope of the app's services as <paramref name="user"/>: a
    /// signed-in person or an anonymous visitor as a request of theirs would be (the claims a sign-in
    /// gives); the system (the default) in a scope made by <see cref="SystemScopes.CreateSystemScope(IServiceProvider)"/>,
    /// with no request at all, as a Hangfire job or a background loop runs.
    /// </summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work, TestUser? user = null)
    {
        user ??= TestUser.System;
        // The app's own way to become the system, so the authorization behaviour judges a test's
        // request exactly as it judges a job's: system requests pass, admin-only ones are refused.
        await using var scope = user.IsSystem ? Services.CreateSystemScope() : Services.CreateAsyncScope();
        var http = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        http.HttpContext = await RequestOfAsync(scope.ServiceProvider, user);
        try
        {
            return await work(scope.ServiceProvider);
        }
        finally
        {
            http.HttpContext = null;
        }
    }

    /// <inheritdoc cref="InScopeAsync{T}"/>
    public Task InScopeAsync(Func<IServiceProvider, Task> work, TestUser? user = null) =>
        InScopeAsync(
            async services =>
            {
                await work(services);
                return true;
            },
            user);

    /// <summary>A browser-like client of its own (its own cookies, no redirects followed), signed in as nobody.</summary>
    public TestBrowser NewBrowser() => new(BaseUrl);

    /// <summary>A browser-like client signed in as <paramref name="user"/> (the admin by default) through the sign-in page.</summary>
    public async Task<TestBrowser> SignedInAsync(TestUser? user = null)
    {
        user ??= TestUser.Admin;
        var browser = NewBrowser();
        if (user.IsAnonymous)
        {
            return browser;
        }

        if (user.Email is null || user.Password is null)
        {
            browser.Dispose();
            throw new ArgumentException($"Signing in needs an email and a password; {user} has none.", nameof(user));
        }

        using var response = await browser.SignInAsync(user.Email, user.Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            browser.Dispose();
            throw new InvalidOperationException($"Signing in as {user} answered {(int)response.StatusCode}, not a redirect.");
        }

        return browser;
    }

    /// <inheritdoc cref="TestDatabase.ScalarAsync{T}"/>
    public Task<T?> ScalarAsync<T>(string sql, params object[] parameters) => Database.ScalarAsync<T>(sql, parameters);

    /// <inheritdoc cref="TestDatabase.ExecuteAsync"/>
    public Task ExecuteAsync(string sql, params object[] parameters) => Database.ExecuteAsync(sql, parameters);

    /// <summary>Ends the process at once, as a crash or an OOM kill would: no shutdown, no clean-up (<see cref="AppHosting.Process"/> only).</summary>
    public void Kill() =>
        (_process ?? throw new InvalidOperationException("Only a process can be killed: use AppHosting.Process.")).Kill();

    /// <summary>Stops this instance only; its database and simulator stay, for assertions and other instances.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _client?.Dispose();
        _process?.Dispose();
        if (_app is not null)
        {
            if (_baseUrl is not null)
            {
                await _app.StopAsync(CancellationToken.None);
            }

            await _app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_ownsDatabaseAndSimulator)
            {
                if (_simulator is not null)
                {
                    await _simulator.DisposeAsync();
                }

                if (_mail is not null)
                {
                    await _mail.DisposeAsync();
                }

                await Database.DisposeAsync();
            }
        }
    }

    private static async Task<MailServer?> StartMailServerAsync(TestAppOptions options) =>
        options.MailServer ? await MailServer.StartAsync(Ct) : null;

    private static async Task<SimulatorHost?> StartSimulatorAsync(TestAppOptions options)
    {
        if (options.Simulator is not { } settings)
        {
            return null;
        }

        // A key of its own, so a test that finds it in a page or a log knows it leaked from this app.
        if (settings.ApiKey == new SimulatorSettings().ApiKey)
        {
            settings = settings with { ApiKey = $"sim-{options.Purpose}-{Guid.NewGuid():N}" };
        }

        return await SimulatorHost.StartAsync(settings, Ct);
    }

    private static async Task<TestApp> LaunchAsync(TestAppOptions options, TestDatabase database, SimulatorHost? simulator, MailServer? mail, bool owner)
    {
        var settings = Configuration(options, database.ConnectionString, simulator, mail);
        if (options.Hosting == AppHosting.Process)
        {
            if (!options.RunStartupTasks || options.ConfigureServices is not null)
            {
                throw new ArgumentException("A process always runs its start-up tasks and takes no service changes.", nameof(options));
            }

            var process = await WebProcess.StartAsync(settings, options.Environment, WebProjectDirectory);
            return new TestApp(options, database, simulator, mail, owner, app: null, process, process.BaseUrl, logs: null);
        }

        var logs = options.CaptureLogs ? new LogCapture() : null;
        var app = TicketingWebApp.Build(Arguments(options, settings), options.RunStartupTasks, services =>
        {
            if (logs is not null)
            {
                services.AddSingleton<ILoggerProvider>(logs);
            }

            options.ConfigureServices?.Invoke(services);
        });
        try
        {
            Uri? baseUrl = null;
            if (options.Hosting == AppHosting.Served)
            {
                await app.StartAsync(Ct);
                baseUrl = new Uri(app.Urls.First());
            }
            else if (options.RunStartupTasks)
            {
                // What a start would do before serving, without the server and the background services.
                await ActivatorUtilities.CreateInstance<StartupTasks>(app.Services).StartAsync(Ct);
            }

            return new TestApp(options, database, simulator, mail, owner, app, process: null, baseUrl, logs);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static string[] Arguments(TestAppOptions options, IReadOnlyDictionary<string, string> settings) =>
    [
        $"--environment={options.Environment}",
        // The pages and static files are the web project's: the test assembly is not the application.
        $"--applicationName={typeof(TicketingWebApp).Assembly.GetName().Name}",
        $"--contentRoot={WebProjectDirectory}",
        "--urls=http://127.0.0.1:0",
        .. settings.Select(s => $"--{s.Key}={s.Value}"),
    ];

    /// <summary>The host's defaults under the test's settings; a null setting removes a default.</summary>
    private static Dictionary<string, string> Configuration(TestAppOptions options, string connectionString, SimulatorHost? simulator, MailServer? mail)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ticketing"] = connectionString,
            ["Ticketing:Database:MigrateOnStartup"] = "true",
            ["Ticketing:Remote:BaseUrl"] = simulator?.BaseUrl.ToString() ?? ClosedRemote,
            ["Ticketing:Remote:ApiKey"] = simulator?.ApiKey ?? "no-simulator-in-this-test",
            ["Ticketing:Remote:WebhookSecret"] = WebhookSecret,
            // Retries a test waits for take milliseconds, not seconds.
            ["Ticketing:Remote:RetryBaseDelaySeconds"] = "0.05",
            // A sync against a remote that is down gives up within a second, not the three minutes a
            // deployment waits for a page; the tests of that patience set their own.
            ["Ticketing:Remote:FeedPagePatienceSeconds"] = "1",
            ["Ticketing:Jobs:RunServer"] = options.JobServer ? "true" : "false",
            ["Ticketing:Jobs:PollIntervalSeconds"] = "1",
            // Tests sign in far more often than a person; the limit's own test sets it lower.
            ["Ticketing:Security:SignInPermitLimit"] = "1000",
            // Likewise requests, searches and exports per user; the per-user limit's own test sets them lower.
            ["Ticketing:Security:RequestPermitLimit"] = "1000000",
            ["Ticketing:Security:SearchPermitLimit"] = "1000000",
            ["Ticketing:Security:ExportPermitLimit"] = "1000000",
            // A process's output is all a test sees of it ("Now listening on" included).
            ["Logging:LogLevel:Default"] = options.Hosting == AppHosting.Process ? "Information" : "Warning",
        };
        if (options.SeedUsers)
        {
            values["Ticketing:Seed:AdminEmail"] = TestUser.Admin.Email;
            values["Ticketing:Seed:AdminPassword"] = TestUser.Admin.Password;
            values["Ticketing:Seed:Demo"] = "true";
            values["Ticketing:Seed:DemoStaffPassword"] = TestUser.Staff.Password;
        }

        if (mail is not null)
        {
            foreach (var (key, value) in mail.AppSettings(ItMailbox))
            {
                values[key] = value;
            }

            values["Ticketing:Channels:WorkerIntervalMilliseconds"] = "200";
            values["Ticketing:Channels:RetryBaseDelaySeconds"] = "0";
            values["Ticketing:Channels:ChatMinIntervalMilliseconds"] = "0";
        }

        if (options.CaptureLogs && options.Hosting != AppHosting.Process)
        {
            // appsettings.json silences some categories; here everything down to Debug is captured.
            values["Logging:LogLevel:Default"] = "Debug";
            values["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
            values["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug";
            values["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Debug";
            // HttpClient logs request headers (the API key's) only at Trace.
            values["Logging:LogLevel:System.Net.Http"] = "Trace";
            values["Logging:Console:LogLevel:Default"] = "Warning";
        }

        foreach (var (key, value) in options.Settings)
        {
            values[key] = value;
        }

        return values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!);
    }

    private static async Task SeedUsersAsync(string connectionString, CancellationToken cancellationToken)
    {
        var options = new TestAppOptions { Hosting = AppHosting.Composed, Simulator = null, RunStartupTasks = false };
        await using var app = TicketingWebApp.Build(Arguments(options, Configuration(options, connectionString, simulator: null, mail: null)), runStartupTasks: false);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
    }

    /// <summary>The request a user's work runs in: a signed-in person's claims, a visitor's none, the system no request.</summary>
    private static async Task<HttpContext?> RequestOfAsync(IServiceProvider services, TestUser user)
    {
        if (user.IsSystem)
        {
            return null;
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity());
        if (user.IsPerson)
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var account = (user.Id is not null ? await users.FindByIdAsync(user.Id) : await users.FindByEmailAsync(user.Email!))
                ?? throw new InvalidOperationException($"There is no {user} in the database to act as.");
            // The claims a sign-in puts in the cookie, made by the app's own factory.
            principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(account);
        }

        return new DefaultHttpContext { RequestServices = services, User = principal };
    }

    private static string WebProjectDirectory { get; } = FindWebProjectDirectory();

    private static string FindWebProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var web = Path.Combine(directory.FullName, "src", "Web");
            if (File.Exists(Path.Combine(web, "Ticketing.Web.csproj")))
            {
                return web;
            }
        }

        throw new InvalidOperationException("The src/Web folder was not found above " + AppContext.BaseDirectory);
    }
}
