using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Ticketing.IntegrationTests.Webhooks;

/// <summary>Webhook requests as the remote sends them (Standard Webhooks), and waiting until the app has applied them.</summary>
internal static class WebhookRequests
{
    /// <summary>A secret the app does not know: what a forger would sign with.</summary>
    public const string OtherSecret = "whsec_YW4tYXR0YWNrZXJzLWd1ZXNzLWF0LXRoZS1rZXk=";

    /// <summary>The app as the webhook tests need it: served, without a simulator (nothing here calls the remote) and without users.</summary>
    public static TestAppOptions AppOptions(string purpose) => new() { Purpose = purpose, Simulator = null, SeedUsers = false };

    /// <summary>A message signed as the remote signs it: Standard Webhooks over the exact body bytes.</summary>
    public static HttpRequestMessage Signed(string body, string? webhookId = null, long? timestamp = null, string secret = TestApp.WebhookSecret) =>
        Signed(Encoding.UTF8.GetBytes(body), webhookId, timestamp, secret);

    public static HttpRequestMessage Signed(byte[] body, string? webhookId = null, long? timestamp = null, string secret = TestApp.WebhookSecret)
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

    /// <summary>Posts the request to the app with a plain client, as the remote would.</summary>
    public static Task<HttpResponseMessage> SendWebhookAsync(this TestApp app, HttpRequestMessage request) =>
        app.Client.SendAsync(request, TestContext.Current.CancellationToken);

    /// <summary>Waits until every accepted message has been applied.</summary>
    public static Task UntilWebhooksProcessedAsync(this TestApp app, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => await app.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE processed_at IS NULL") == 0,
            "every accepted webhook message is processed",
            timeout);
}
