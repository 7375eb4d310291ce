using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Ticketing.Application.Webhooks;

/// <summary>
/// The shape every webhook body must have: <c>{ "type": "…", "data": { "ticket": { "id": "…" } } }</c>.
/// The endpoint refuses a body without it; a type it does not know needs only the <c>type</c>, since the
/// remote may add types with other data.
/// </summary>
public static class WebhookEnvelope
{
    /// <summary>The longest ticket id the cache stores (its column size).</summary>
    public const int MaxTicketIdLength = 128;

    public static bool TryReadType(JsonElement root, [NotNullWhen(true)] out string? type)
    {
        type = null;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var typeElement)
            || typeElement.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        type = typeElement.GetString()!;
        return true;
    }

    /// <summary><c>data.ticket</c> and its non-empty string <c>id</c>.</summary>
    public static bool TryReadTicket(JsonElement root, out JsonElement ticket, [NotNullWhen(true)] out string? ticketId)
    {
        ticket = default;
        ticketId = null;
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("ticket", out ticket) || ticket.ValueKind != JsonValueKind.Object
            || !ticket.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        ticketId = id.GetString();
        return !string.IsNullOrEmpty(ticketId);
    }
}
