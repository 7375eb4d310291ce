using System.Text.Json.Serialization;
using Ticketing.Simulator.Tickets;
using Ticketing.Simulator.Webhooks;

namespace Ticketing.Simulator.Api;

public sealed record TicketListResponse(IReadOnlyList<Ticket> Data, Pagination Pagination);

public sealed record Pagination(int Page, int Limit, int Total, int TotalPages)
{
    public static Pagination Of(int page, int limit, int total) => new(page, limit, total, (int)((total + (long)limit - 1) / limit));
}

public sealed record CommentListResponse(IReadOnlyList<CommentPayload> Data, Pagination Pagination);

/// <summary><c>GET /tickets/{id}/attachments</c>: every attachment, no paging.</summary>
public sealed record AttachmentListResponse(IReadOnlyList<AttachmentPayload> Data);

public sealed record TombstonePayload(string Id, DateTime DeletedAt);

public sealed record TombstoneListResponse(IReadOnlyList<TombstonePayload> Data, Pagination Pagination);

public sealed record AgentPayload(string Id, string Name, string Email, bool Active);

public sealed record AgentListResponse(IReadOnlyList<AgentPayload> Data);

public sealed record ErrorResponse(ErrorBody Error);

public sealed record ErrorBody(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Details = null);

public sealed record HealthResponse(string Status, int Tickets);

public sealed record CountersResponse(
    int Tickets,
    long Creates,
    long CreateRequests,
    long IdempotentReplays,
    long PatchRequests,
    long Requests,
    long FaultsInjected,
    long WebhooksSent,
    long WebhooksDelivered,
    long WebhooksFailedAttempts,
    long WebhooksPending,
    long WebhooksAbandoned,
    long CommentsCreated,
    long AttachmentsCreated,
    int Tombstones,
    long WebhooksDropped,
    long WebhooksDuplicated,
    long WebhooksDelayed);

public sealed record WebhookConfigRequest(string? Url, string? Secret);

/// <summary>Never carries the secret back: only whether one is set.</summary>
public sealed record WebhookConfigResponse(string? Url, bool Enabled);

public sealed record ResetRequest(int? Tickets, int? Seed);

public sealed record ResetResponse(int Tickets, int Seed, long SeedMs);

public sealed record ChurnRequest(int Count);

public sealed record ChurnResponse(IReadOnlyList<ChurnChangeResponse> Changes);

public sealed record ChurnChangeResponse(string Kind, string Id);

public sealed record CommentRequest(string? AuthorName, string? Body, string? AuthorEmail = null, string? Visibility = null);

/// <summary>
/// <c>POST /_sim/tickets/{id}/attachments</c>: the bytes as base64, or <see cref="SizeBytes"/> of
/// generated filler when a test only needs a file of some size.
/// </summary>
public sealed record AttachmentRequest(string? FileName, string? ContentType, string? ContentBase64, long? SizeBytes, string? UploadedByName);

public sealed record AfterPageHookRequest(int Page, DateTime? UpdatedSince, IReadOnlyList<string>? Touch, IReadOnlyList<string>? Delete, bool? Webhooks);

public sealed record HookResponse(
    string Id,
    int Page,
    DateTime? UpdatedSince,
    IReadOnlyList<string> Touch,
    IReadOnlyList<string> Delete,
    bool Webhooks,
    DateTime? FiredAt)
{
    public static HookResponse From(HookState state) => new(
        state.Id, state.Hook.Page, state.Hook.UpdatedSince, state.Hook.Touch, state.Hook.Delete, state.Hook.Webhooks, state.FiredAt);
}

public sealed record HookListResponse(IReadOnlyList<HookResponse> Data);

public sealed record SameUpdatedAtRequest(int Count, DateTime? UpdatedAt);

public sealed record SameUpdatedAtResponse(IReadOnlyList<string> Ids, DateTime UpdatedAt);
