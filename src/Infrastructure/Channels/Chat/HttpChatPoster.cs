using System.Net;
using System.Text;
using Ticketing.Application.Channels;

namespace Ticketing.Infrastructure.Channels.Chat;

/// <summary>Posts a payload to an incoming webhook and says what its answer means for the queue.</summary>
internal sealed class HttpChatPoster(IHttpClientFactory clients) : IChatPoster
{
    public const string ClientName = "chat-webhooks";

    public async Task<ChatPostOutcome> PostAsync(string webhookUrl, string payloadJson, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        try
        {
            using var content = new StringContent(payloadJson, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri(webhookUrl), content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return new ChatPostOutcome.Delivered();
            }

            var code = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = response.Headers.RetryAfter;
                TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
                return new ChatPostOutcome.Throttled(wait is { } w && w > TimeSpan.Zero ? w : null);
            }

            return code >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout
                ? new ChatPostOutcome.Transient($"The webhook answered {code} {response.ReasonPhrase}.")
                : new ChatPostOutcome.Refused($"The webhook answered {code} {response.ReasonPhrase}.");
        }
        catch (HttpRequestException ex)
        {
            return new ChatPostOutcome.Transient($"The webhook could not be reached: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new ChatPostOutcome.Transient($"The webhook did not answer in time: {ex.Message}");
        }
    }
}
