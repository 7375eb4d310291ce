using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// Reads Championship IT's successful answers: the list envelope (<c>data</c> and <c>pagination</c>),
/// pages of tickets, single tickets and the stats. A record that cannot be read is reported per record;
/// a body without the contract's shape is a <see cref="RemoteUnavailableException"/> (InvalidResponse).
/// </summary>
internal sealed class RemoteResponseReader(ILogger logger)
{
    private static readonly JsonSerializerOptions StatsJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>A page of <c>GET /tickets</c>.</summary>
    public RemoteTicketPage ReadTicketPage(JsonElement root, int retries)
    {
        var (items, pagination) = ReadListEnvelope(root);
        var tickets = new List<Ticket>(items.GetArrayLength());
        var errors = new List<RemoteRecordError>();
        foreach (var item in items.EnumerateArray())
        {
            if (RemoteTicketJson.TryRead(item, out var ticket, out var error))
            {
                tickets.Add(ticket);
            }
            else
            {
                errors.Add(error);
            }
        }

        LogRecordErrors(errors);
        return new RemoteTicketPage(tickets, errors, pagination, retries);
    }

    /// <summary>A page of the change stream: de-duplicated against the cursor, which then moves past it.</summary>
    public RemoteTicketBatch ReadChangePage(JsonElement root, ChangeFeedCursor cursor, int retries)
    {
        var (items, pagination) = ReadListEnvelope(root);
        var count = items.GetArrayLength();
        var tickets = new List<Ticket>(count);
        var errors = new List<RemoteRecordError>();
        var keys = new List<(string Id, DateTimeOffset UpdatedAt)>(count);
        DateTimeOffset? highest = null;
        foreach (var item in items.EnumerateArray())
        {
            if (RemoteTicketJson.TryReadKey(item, out var id, out var updatedAt))
            {
                keys.Add((id, updatedAt));
                highest = highest is { } h && h >= updatedAt ? h : updatedAt;
                if (cursor.IsDuplicate(id, updatedAt))
                {
                    continue;
                }
            }

            if (RemoteTicketJson.TryRead(item, out var ticket, out var error))
            {
                tickets.Add(ticket);
            }
            else
            {
                errors.Add(error);
            }
        }

        cursor.Advance(keys, count, pagination.Limit, pagination.TotalPages);
        LogRecordErrors(errors);
        return new RemoteTicketBatch(tickets, errors, highest, retries);
    }

    /// <summary>One ticket object; <paramref name="externalId"/> names it in the error when the body cannot.</summary>
    public static Ticket ReadSingle(JsonElement root, string? externalId)
    {
        if (RemoteTicketJson.TryRead(root, out var ticket, out var error))
        {
            return ticket;
        }

        var which = error.ExternalId ?? externalId;
        throw new RemoteUnavailableException(
            RemoteUnavailableReason.InvalidResponse,
            $"Championship IT sent {(which is null ? "a ticket" : $"ticket '{which}'")} this app cannot read: {error.Reason}");
    }

    public static RemoteTicketStats ReadStats(JsonElement root)
    {
        StatsBody? body;
        try
        {
            body = root.ValueKind == JsonValueKind.Object ? root.Deserialize<StatsBody>(StatsJson) : null;
        }
        catch (JsonException ex)
        {
            throw new RemoteUnavailableException(RemoteUnavailableReason.InvalidResponse, "Championship IT sent stats this app cannot read.", ex);
        }

        if (body is null)
        {
            throw new RemoteUnavailableException(RemoteUnavailableReason.InvalidResponse, "Championship IT sent stats this app cannot read.");
        }

        return new RemoteTicketStats(
            body.TotalTickets,
            body.OpenTickets,
            body.InProgressTickets,
            body.ResolvedTickets,
            body.AvgResolutionTimeHours,
            body.SlaCompliancePercentage,
            body.TicketsByPriority ?? [],
            body.TicketsByStatus ?? [],
            body.TicketsByCategory ?? [],
            body.TicketsByDepartment ?? []);
    }

    private static (JsonElement Items, RemotePagination Pagination) ReadListEnvelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("data", out var items) || items.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("pagination", out var pagination) || pagination.ValueKind != JsonValueKind.Object
            || !TryGetInt(pagination, "page", out var page) || !TryGetInt(pagination, "limit", out var limit)
            || !TryGetInt(pagination, "total", out var total) || !TryGetInt(pagination, "total_pages", out var totalPages))
        {
            throw new RemoteUnavailableException(
                RemoteUnavailableReason.InvalidResponse,
                "Championship IT sent a ticket list without the contract's data array and pagination.");
        }

        return (items, new RemotePagination(page, limit, total, totalPages));
    }

    private void LogRecordErrors(List<RemoteRecordError> errors)
    {
        if (errors.Count > 0)
        {
            logger.LogWarning(
                "Championship IT sent {Count} ticket record(s) this app cannot read; first: {ExternalId}: {Reason}",
                errors.Count,
                errors[0].ExternalId,
                errors[0].Reason);
        }
    }

    private static bool TryGetInt(JsonElement element, string name, out int value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetInt32(out value);
    }

    private sealed record StatsBody(
        int TotalTickets,
        int OpenTickets,
        int InProgressTickets,
        int ResolvedTickets,
        double? AvgResolutionTimeHours,
        double? SlaCompliancePercentage,
        Dictionary<string, int>? TicketsByPriority,
        Dictionary<string, int>? TicketsByStatus,
        Dictionary<string, int>? TicketsByCategory,
        Dictionary<string, int>? TicketsByDepartment);
}
