using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Ticketing.Web;

namespace Ticketing.IntegrationTests.Webhooks;

/// <summary>
/// The whole app, as Program builds it, on a real port (Kestrel, port chosen by the OS) over a PostgreSQL
/// database, start-up tasks included (migrations, seeding), with the
/// integration's webhook secret seeded from <c>Ticketing:Remote</c> the way an installation seeds it.
/// Several apps may share one database, as several instances would.
/// </summary>
internal sealed class WebhookApp : IAsyncDisposable
{
    public const string Secret = "whsec_dGlja2V0aW5nLXdlYmhvb2stdGVzdC1rZXktMzItYnl0ZXM=";
    public const string OtherSecret = "whsec_YW4tYXR0YWNrZXJzLWd1ZXNzLWF0LXRoZS1rZXk=";

    private readonly WebApplication _app;
    private readonly TestDatabase? _ownedDatabase;

    private WebhookApp(WebApplication app, TestDatabase database, TestDatabase? ownedDatabase, Uri baseUrl)
    {
        _app = app;
        _ownedDatabase = ownedDatabase;
        Database = database;
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TestDatabase Database { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the app over a new database of its own (dropped when the app is disposed).</summary>
    public static async Task<WebhookApp> StartAsync(string purpose, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(purpose);
        return await StartAsync(database, database, settings);
    }

    /// <summary>Starts another instance over an existing database.</summary>
    public static Task<WebhookApp> StartOnAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(database, null, settings);

    private static async Task<WebhookApp> StartAsync(TestDatabase database, TestDatabase? owned, IReadOnlyDictionary<string, string?>? settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ticketing"] = database.ConnectionString,
            ["Ticketing:Database:MigrateOnStartup"] = "true",
            // Seeds ticketing_system_config; nothing here calls the remote, so it need not exist.
            ["Ticketing:Remote:BaseUrl"] = "http://127.0.0.1:9/",
            ["Ticketing:Remote:ApiKey"] = "unused-in-webhook-tests",
            ["Ticketing:Remote:WebhookSecret"] = Secret,
            ["Ticketing:Jobs:RunServer"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = TicketingWebApp.Build(
        [
            "--environment=Testing",
            .. values.Where(v => v.Value is not null).Select(v => $"--{v.Key}={v.Value}"),
        ]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var baseUrl = new Uri(app.Urls.First());
        return new WebhookApp(app, database, owned, baseUrl);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) =>
        Client.SendAsync(request, TestContext.Current.CancellationToken);

    /// <summary>A message signed as the remote signs it: Standard Webhooks over the exact body bytes.</summary>
    public static HttpRequestMessage Signed(string body, string? webhookId = null, long? timestamp = null, string secret = Secret) =>
        Signed(Encoding.UTF8.GetBytes(body), webhookId, timestamp, secret);

    public static HttpRequestMessage Signed(byte[] body, string? webhookId = null, long? timestamp = null, string secret = Secret)
    {
        var id = webhookId ?? NewWebhookId();
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        return Request(body, id, ts, Signature(secret, id, ts, body));
    }

    public static HttpRequestMessage Request(byte[] body, string? webhookId, string? timestamp, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/ticket-update") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (webhookId is not null)
        {
            request.Headers.TryAddWithoutValidation("webhook-id", webhookId);
        }

        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        }

        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        }

        return request;
    }

    /// <summary><c>v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>, computed independently of the app's code.</summary>
    public static string Signature(string secret, string webhookId, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    public static string NewWebhookId() => "msg_" + Guid.NewGuid().ToString("N");

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

    /// <summary>Waits until every accepted message has been applied.</summary>
    public Task UntilProcessedAsync(TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => await ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE processed_at IS NULL") == 0,
            "every accepted webhook message is processed",
            timeout);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownedDatabase is not null)
        {
            await _ownedDatabase.DisposeAsync();
        }
    }
}
