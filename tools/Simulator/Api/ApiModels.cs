using System.Text.Json.Serialization;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Api;

public sealed record TicketListResponse(IReadOnlyList<Ticket> Data, Pagination Pagination);

public sealed record Pagination(int Page, int Limit, int Total, int TotalPages);

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
    long WebhooksAbandoned);

public sealed record WebhookConfigRequest(string? Url, string? Secret);

/// <summary>Never carries the secret back: only whether one is set.</summary>
public sealed record WebhookConfigResponse(string? Url, bool Enabled);

public sealed record ResetRequest(int? Tickets, int? Seed);

public sealed record ResetResponse(int Tickets, int Seed, long SeedMs);

public sealed record ChurnRequest(int Count);

public sealed record ChurnResponse(IReadOnlyList<ChurnChangeResponse> Changes);

public sealed record ChurnChangeResponse(string Kind, string Id);

public sealed record CommentRequest(string? AuthorName, string? Body);

public sealed record SameUpdatedAtRequest(int Count, DateTime? UpdatedAt);

public sealed record SameUpdatedAtResponse(IReadOnlyList<string> Ids, DateTime UpdatedAt);
