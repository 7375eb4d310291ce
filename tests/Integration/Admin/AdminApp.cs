using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Ticketing.Simulator;
using Ticketing.Web;

namespace Ticketing.IntegrationTests.Admin;

/// <summary>
/// The whole app, as Program builds it, on a real port over a database of its own, pointed at an
/// in-process simulator, with an admin and (demo) staff users seeded. Optionally captures every log
/// line, and runs a Hangfire server only when asked.
/// </summary>
internal sealed partial class AdminApp : IAsyncDisposable
{
    public const string AdminEmail = "root.admin@admin-tests.example";
    public const string AdminPassword = "Admin-Tests-Password1";
    public const string StaffEmail = "alex.morgan@demo.local";
    public const string StaffPassword = "Staff-Tests-Password1";
    public const string WebhookSecret = "whsec_YWRtaW4tdGVzdHMtd2ViaG9vay1zZWNyZXQtMzItYnl0ZXM=";

    private readonly WebApplication _app;

    private AdminApp(WebApplication app, SimulatorHost simulator, TestDatabase database, Uri baseUrl, LogCapture? logs)
    {
        _app = app;
        Simulator = simulator;
        Database = database;
        BaseUrl = baseUrl;
        Logs = logs;
    }

    public SimulatorHost Simulator { get; }

    public TestDatabase Database { get; }

    public Uri BaseUrl { get; }

    public LogCapture? Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="purpose">Names the database.</param>
    /// <param name="settings">Configuration on top of the defaults (a null value removes a default).</param>
    /// <param name="captureLogs">Capture every log line, from Debug up.</param>
    /// <param name="configureServices">Last-word service changes (a fake clock, for example).</param>
    public static async Task<AdminApp> StartAsync(
        string purpose,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool captureLogs = false,
        Action<IServiceCollection>? configureServices = null)
    {
        var simulator = await SimulatorHost.StartAsync(new SimulatorSettings
        {
            TicketCount = 40,
            Seed = 11,
            ApiKey = "sim-admin-" + Guid.NewGuid().ToString("N"),
        });
        var database = await TestDatabase.CreateAsync(purpose);
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ticketing"] = database.ConnectionString,
            ["Ticketing:Database:MigrateOnStartup"] = "true",
            ["Ticketing:Seed:AdminEmail"] = AdminEmail,
            ["Ticketing:Seed:AdminPassword"] = AdminPassword,
            ["Ticketing:Seed:Demo"] = "true",
            ["Ticketing:Seed:DemoStaffPassword"] = StaffPassword,
            ["Ticketing:Remote:BaseUrl"] = simulator.BaseUrl.ToString(),
            ["Ticketing:Remote:ApiKey"] = simulator.ApiKey,
            ["Ticketing:Remote:WebhookSecret"] = WebhookSecret,
            ["Ticketing:Remote:RetryBaseDelaySeconds"] = "0.05",
            ["Ticketing:Jobs:RunServer"] = "false",
            ["Ticketing:Security:SignInPermitLimit"] = "1000",
            ["Logging:LogLevel:Default"] = captureLogs ? "Debug" : "Warning",
            ["urls"] = "http://127.0.0.1:0",
        };
        if (captureLogs)
        {
            // appsettings.json silences some categories; here everything down to Debug is captured.
            values["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
            values["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug";
            values["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Debug";
            // HttpClient logs request headers (the API key's) only at Trace.
            values["Logging:LogLevel:System.Net.Http"] = "Trace";
            values["Logging:Console:LogLevel:Default"] = "Warning";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var logs = captureLogs ? new LogCapture() : null;
        var app = TicketingWebApp.Build(
            // The pages and static files are the web project's: the test assembly is not the application.
            ["--environment=Testing", $"--applicationName={typeof(TicketingWebApp).Assembly.GetName().Name}", $"--contentRoot={WebProjectDirectory()}", .. values.Where(v => v.Value is not null).Select(v => $"--{v.Key}={v.Value}")],
            configureServices: services =>
            {
                if (logs is not null)
                {
                    services.AddSingleton<ILoggerProvider>(logs);
                }

                configureServices?.Invoke(services);
            });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new AdminApp(app, simulator, database, new Uri(app.Urls.First()), logs);
    }

    private static string WebProjectDirectory()
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

    /// <summary>A browser-like client of its own (its own cookies), not following redirects.</summary>
    public Browser NewBrowser() => new(BaseUrl);

    /// <summary>A client signed in as this user.</summary>
    public async Task<Browser> SignedInAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var browser = NewBrowser();
        var response = await browser.SignInAsync(email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}, not a redirect.");
        }

        return browser;
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Simulator.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>An HTTP client that keeps cookies and posts forms with their antiforgery token, as a browser would.</summary>
    internal sealed partial class Browser : IDisposable
    {
        private readonly HttpClient _client;
        private readonly CookieContainer _cookies;

        public Browser(Uri baseUrl)
            : this(baseUrl, new CookieContainer())
        {
        }

        private Browser(Uri baseUrl, CookieContainer cookies)
        {
            _cookies = cookies;
            var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true };
            _client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
            _client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        }

        /// <summary>A browser with this one's cookies, sent to another instance of the app on the same host.</summary>
        public Browser CookiesFor(Uri otherInstance)
        {
            var cookies = new CookieContainer();
            foreach (Cookie cookie in _cookies.GetCookies(_client.BaseAddress!))
            {
                cookies.Add(otherInstance, new Cookie(cookie.Name, cookie.Value, "/"));
            }

            return new Browser(otherInstance, cookies);
        }

        public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path, TestContext.Current.CancellationToken);

        public async Task<string> GetHtmlAsync(string path)
        {
            using var response = await GetAsync(path);
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
            }

            return html;
        }

        /// <summary>
        /// Loads the page (or <paramref name="tokenFrom"/>) for an antiforgery token, then posts the fields to
        /// the page, to its <paramref name="handler"/> when given; with <paramref name="json"/> it asks for JSON,
        /// as the page's scripts do.
        /// </summary>
        public async Task<HttpResponseMessage> PostFormAsync(string path, IReadOnlyDictionary<string, string> fields, string? handler = null, string? tokenFrom = null, bool json = false)
        {
            var html = await GetHtmlAsync(tokenFrom ?? path);
            var token = AntiforgeryToken().Match(html);
            if (!token.Success)
            {
                throw new InvalidOperationException($"No antiforgery token on {path}.");
            }

            var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
            var target = handler is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? "&" : "?")}handler={handler}";
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(values) };
            if (json)
            {
                request.Headers.Accept.ParseAdd("application/json");
            }

            return await _client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        /// <summary>Posts the fields as they are, without an antiforgery token.</summary>
        public async Task<HttpResponseMessage> PostWithoutTokenAsync(string path, IReadOnlyDictionary<string, string> fields)
        {
            using var content = new FormUrlEncodedContent(fields);
            return await _client.PostAsync(path, content, TestContext.Current.CancellationToken);
        }

        public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
            PostFormAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

        public void Dispose() => _client.Dispose();

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryToken();
    }
}

/// <summary>Every log line of the app, as text: the message, the exception and the scope-free state.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The formatted message and every structured value, so a secret in a property is found too.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
