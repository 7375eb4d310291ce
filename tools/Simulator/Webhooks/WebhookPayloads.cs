using System.Text.Json.Serialization;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Webhooks;

/// <summary>The body every webhook carries: <c>{ "type", "timestamp", "data" }</c>.</summary>
public sealed record WebhookEnvelope<TData>(string Type, DateTime Timestamp, TData Data);

/// <summary>data for created, updated and comment_added (with the comment).</summary>
public sealed record TicketEventData(
    Ticket Ticket,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CommentPayload? Comment);

/// <summary>data for deleted: only the id survives.</summary>
public sealed record DeletedTicketData(DeletedTicket Ticket);

public sealed record DeletedTicket(string Id);

public sealed record CommentPayload(string Id, string AuthorName, string Body, DateTime CreatedAt)
{
    public static CommentPayload From(TicketComment comment) =>
        new(comment.Id, comment.AuthorName, comment.Body, comment.CreatedAt);
}
