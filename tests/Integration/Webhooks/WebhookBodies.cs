using System.Globalization;
using System.Text.Json.Nodes;

namespace Ticketing.IntegrationTests.Webhooks;

/// <summary>Webhook bodies in the contract's shape.</summary>
internal static class WebhookBodies
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 20, 8, 15, 0, TimeSpan.Zero);

    public static string NewTicketId() => "tkt_" + Guid.NewGuid().ToString("N")[..20];

    public static JsonObject Ticket(string id, DateTimeOffset updatedAt, string title = "VPN drops every 10 minutes", string status = "open") => new()
    {
        ["id"] = id,
        ["ticket_number"] = "IT-" + id[4..],
        ["title"] = title,
        ["description"] = "Since Monday.",
        ["status"] = status,
        ["priority"] = "high",
        ["category"] = "Network",
        ["requester_id"] = "usr_88",
        ["requester_name"] = "Dana Ruiz",
        ["requester_email"] = "dana@example.org",
        ["assignee_id"] = null,
        ["assignee_name"] = null,
        ["department"] = "IT Operations",
        ["created_at"] = Timestamp(CreatedAt),
        ["updated_at"] = Timestamp(updatedAt),
        ["resolved_at"] = null,
        ["due_date"] = Timestamp(CreatedAt.AddDays(2)),
        ["tags"] = new JsonArray("vpn", "remote"),
        ["custom_fields"] = new JsonObject { ["asset_tag"] = "LT-2231" },
    };

    public static string Event(string type, JsonObject ticket, JsonObject? comment = null)
    {
        var data = new JsonObject { ["ticket"] = ticket };
        if (comment is not null)
        {
            data["comment"] = comment;
        }

        return new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = Timestamp(DateTimeOffset.UtcNow),
            ["data"] = data,
        }.ToJsonString();
    }

    public static string Created(string id, DateTimeOffset updatedAt, string title = "VPN drops every 10 minutes") =>
        Event("ticket.created", Ticket(id, updatedAt, title));

    public static string Updated(string id, DateTimeOffset updatedAt, string title, string status = "in_progress") =>
        Event("ticket.updated", Ticket(id, updatedAt, title, status));

    public static string Deleted(string id) => Event("ticket.deleted", new JsonObject { ["id"] = id });

    public static string CommentAdded(string ticketId, DateTimeOffset updatedAt, string commentId, string text) =>
        Event("ticket.comment_added", Ticket(ticketId, updatedAt), new JsonObject
        {
            ["id"] = commentId,
            ["author_name"] = "Sam Ito",
            ["body"] = text,
            ["created_at"] = Timestamp(updatedAt),
        });

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
