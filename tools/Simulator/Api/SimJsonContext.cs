using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tickets;
using Ticketing.Simulator.Webhooks;

namespace Ticketing.Simulator.Api;

/// <summary>Source-generated serialisation for every body the simulator reads or writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(TicketJsonConverter), typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(TicketListResponse))]
[JsonSerializable(typeof(TicketStats))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(CountersResponse))]
[JsonSerializable(typeof(FaultSettings))]
[JsonSerializable(typeof(WebhookConfigRequest))]
[JsonSerializable(typeof(WebhookConfigResponse))]
[JsonSerializable(typeof(ResetRequest))]
[JsonSerializable(typeof(ResetResponse))]
[JsonSerializable(typeof(ChurnRequest))]
[JsonSerializable(typeof(ChurnResponse))]
[JsonSerializable(typeof(CommentRequest))]
[JsonSerializable(typeof(SameUpdatedAtRequest))]
[JsonSerializable(typeof(SameUpdatedAtResponse))]
[JsonSerializable(typeof(TicketEventData))]
[JsonSerializable(typeof(CommentPayload))]
[JsonSerializable(typeof(CommentListResponse))]
[JsonSerializable(typeof(AttachmentPayload))]
[JsonSerializable(typeof(AttachmentListResponse))]
[JsonSerializable(typeof(TombstoneListResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(WebhookFaultSettings))]
[JsonSerializable(typeof(AttachmentRequest))]
[JsonSerializable(typeof(AfterPageHookRequest))]
[JsonSerializable(typeof(Chat.ChatPostListResponse))]
[JsonSerializable(typeof(Chat.ChatThrottleRequest))]
[JsonSerializable(typeof(HookResponse))]
[JsonSerializable(typeof(HookListResponse))]
[JsonSerializable(typeof(WebhookEnvelope<TicketEventData>))]
[JsonSerializable(typeof(WebhookEnvelope<DeletedTicketData>))]
public sealed partial class SimJsonContext : JsonSerializerContext;

/// <summary>
/// The serialisation settings actually used. Escaping is relaxed because these bodies are only
/// ever JSON documents, never HTML: a title like "Café" goes out as written, not as <c>\u00E9</c>.
/// </summary>
public static class SimJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static SimJsonContext Context { get; } = new(new JsonSerializerOptions(Options));

    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new TicketJsonConverter());
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }
}
