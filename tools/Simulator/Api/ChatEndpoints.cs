using System.Globalization;
using System.Text.Json;
using Ticketing.Simulator.Chat;

namespace Ticketing.Simulator.Api;

/// <summary>
/// <c>/_sim/chat/{channel}</c>: incoming webhooks for the app's team chat channels (Slack format, also
/// Mattermost and Rocket.Chat, and Teams). <c>POST</c> takes a message as a chat service does (200, or 429
/// with <c>Retry-After</c> when throttled); <c>GET</c> lists what arrived; <c>PUT …/throttle</c> makes the
/// next posts wait. Loopback only, like the rest of <c>/_sim</c>.
/// </summary>
public static class ChatEndpoints
{
    private const int MaxChannelLength = 100;

    public static void MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/_sim/chat");
        chat.MapPost("/{channel}", ReceiveAsync);
        chat.MapGet("/{channel}", (string channel, ChatReceiver receiver) =>
            TypedResults.Json(new ChatPostListResponse(channel, receiver.Throttled(channel), receiver.Posts(channel)), SimJson.Context.ChatPostListResponse));
        chat.MapPut("/{channel}/throttle", async (string channel, HttpRequest request, ChatReceiver receiver) =>
        {
            var body = await request.ReadFromJsonAsync(SimJson.Context.ChatThrottleRequest);
            if (body is null || body.Count is < 0 or > 1_000 || body.RetryAfterSeconds is < 0 or > 3_600)
            {
                return Results.BadRequest();
            }

            receiver.Throttle(channel, body.Count, TimeSpan.FromSeconds(body.RetryAfterSeconds));
            return Results.NoContent();
        });
        chat.MapDelete("/", (ChatReceiver receiver) =>
        {
            receiver.Clear();
            return Results.NoContent();
        });
    }

    private static async Task<IResult> ReceiveAsync(string channel, HttpContext context, ChatReceiver receiver)
    {
        if (channel.Length > MaxChannelLength)
        {
            return Results.NotFound();
        }

        if (context.Request.ContentLength > ChatReceiver.MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Results.Text("invalid_payload", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        if (receiver.Receive(channel, body) is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.Text("rate_limited", "text/plain", statusCode: StatusCodes.Status429TooManyRequests);
        }

        // What Slack answers to an accepted message.
        return Results.Text("ok", "text/plain");
    }
}
