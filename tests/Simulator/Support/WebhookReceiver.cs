using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ticketing.Simulator.Tests.Support;

/// <summary>One delivery attempt as the receiver saw it, with its own verdict on the signature.</summary>
internal sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, bool SignatureValid, int AnsweredStatus)
{
    public JsonElement Root => JsonDocument.Parse(Body).RootElement;

    public string Type => Root.GetProperty("type").GetString()!;

    public string TicketId => Root.GetProperty("data").GetProperty("ticket").GetProperty("id").GetString()!;
}

/// <summary>
/// A stand-in for the dashboard's webhook endpoint: a second Kestrel app on a free loopback port
/// that verifies Standard Webhooks signatures itself (independently of the simulator's code) and
/// answers with whatever status the test chooses for the n-th delivery attempt.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly Func<int, int> _statusForAttempt;
    private readonly List<ReceivedWebhook> _received = [];
    private readonly Lock _gate = new();

    private WebhookReceiver(WebApplication app, byte[] key, Func<int, int> statusForAttempt)
    {
        _app = app;
        _key = key;
        _statusForAttempt = statusForAttempt;
    }

    public Uri Url { get; private set; } = null!;

    public string Secret => "whsec_" + Convert.ToBase64String(_key);

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Starts a receiver; <paramref name="statusForAttempt"/> maps the 1-based attempt number to the status to answer (default 200).</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? statusForAttempt = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, RandomNumberGenerator.GetBytes(32), statusForAttempt ?? (_ => 200));
        app.MapPost("/webhook/ticket-update", receiver.HandleAsync);
        await app.StartAsync(Wire.Ct);
        receiver.Url = new Uri(app.Urls.First().TrimEnd('/') + "/webhook/ticket-update");
        return receiver;
    }

    public Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, string because) =>
        Eventually.WaitAsync(() => Received, condition, because);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var signature = context.Request.Headers["webhook-signature"].ToString();
        int status;
        lock (_gate)
        {
            status = _statusForAttempt(_received.Count + 1);
            _received.Add(new ReceivedWebhook(id, timestamp, signature, body, Verify(id, timestamp, signature, body), status));
        }

        context.Response.StatusCode = status;
    }

    private bool Verify(string id, string timestamp, string signatures, string body)
    {
        if (!long.TryParse(timestamp, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var buffer = new byte[64];
            if (candidate.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(candidate[3..], buffer, out var written)
                && CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, written), expected))
            {
                return true;
            }
        }

        return false;
    }
}
