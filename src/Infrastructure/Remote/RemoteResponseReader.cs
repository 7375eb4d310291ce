using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// A page of a feed (changes, deletions, comments): its records de-duplicated against the cursor,
    /// which then moves past the page. Records whose key cannot be read are still read (and fail alone).
    /// </summary>
    public FeedPage<T> ReadFeedPage<T>(JsonElement root, ChangeFeedCursor cursor, FeedKeyReader readKey, FeedItemReader<T> readItem, int retries)
        where T : class
    {
        var (items, pagination) = ReadListEnvelope(root);
        var count = items.GetArrayLength();
        var read = new List<T>(count);
        var errors = new List<RemoteRecordError>();
        var keys = new List<(string Id, DateTimeOffset UpdatedAt)>(count);
        DateTimeOffset? highest = null;
        foreach (var item in items.EnumerateArray())
        {
            if (readKey(item, out var id, out var at))
            {
                keys.Add((id, at));
                highest = highest is { } h && h >= at ? h : at;
                if (cursor.IsDuplicate(id, at))
                {
                    continue;
                }
            }

            if (readItem(item, out var value, out var error))
            {
                read.Add(value);
            }
            else
            {
                errors.Add(error);
            }
        }

        cursor.Advance(keys, count, pagination.Limit, pagination.TotalPages);
        LogRecordErrors(errors);
        return new FeedPage<T>(read, errors, highest, retries) { Total = pagination.Total };
    }

    /// <summary>
    /// A list without paging (<c>GET /agents</c>, a ticket's attachments): <c>{ "data": [ … ] }</c>, or a
    /// bare array, read record by record.
    /// </summary>
    public (List<T> Items, List<RemoteRecordError> Errors) ReadDataList<T>(JsonElement root, FeedItemReader<T> readItem, string what)
        where T : class
    {
        var items = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? data
            : throw new RemoteUnavailableException(RemoteUnavailableReason.InvalidResponse, $"Championship IT sent an {what} without the contract's data array.");
        var read = new List<T>(items.GetArrayLength());
        var errors = new List<RemoteRecordError>();
        foreach (var item in items.EnumerateArray())
        {
            if (readItem(item, out var value, out var error))
            {
                read.Add(value);
            }
            else
            {
                errors.Add(error);
            }
        }

        LogRecordErrors(errors);
        return (read, errors);
    }

    /// <summary>One object the remote answered with (a created comment or attachment).</summary>
    public static T ReadOne<T>(JsonElement root, FeedItemReader<T> readItem, string what)
        where T : class =>
        readItem(root, out var value, out var error)
            ? value
            : throw new RemoteUnavailableException(
                RemoteUnavailableReason.InvalidResponse,
                $"Championship IT sent a {what} this app cannot read: {error.Reason}");

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
                "Championship IT sent a list without the contract's data array and pagination.");
        }

        return (items, new RemotePagination(page, limit, total, totalPages));
    }

    private void LogRecordErrors(List<RemoteRecordError> errors)
    {
        if (errors.Count > 0)
        {
            logger.LogWarning(
                "Championship IT sent {Count} record(s) this app cannot read; first: {ExternalId}: {Reason}",
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

/// <summary>Reads the id and the ordering timestamp of a feed record, even when the rest cannot be read.</summary>
public delegate bool FeedKeyReader(JsonElement item, [NotNullWhen(true)] out string? id, out DateTimeOffset at);

/// <summary>Reads one record of a feed or list; a record that cannot be read is an error, never an exception.</summary>
public delegate bool FeedItemReader<T>(JsonElement item, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out RemoteRecordError? error)
    where T : class;

/// <summary>One page of a feed, de-duplicated: what was read, what could not be, the page's newest timestamp and the retries.</summary>
internal sealed record FeedPage<T>(IReadOnlyList<T> Items, IReadOnlyList<RemoteRecordError> Errors, DateTimeOffset? Highest, int Retries)
    where T : class
{
    public int UnverifiedTieGroups { get; init; }

    /// <summary>The pagination's total: records matching the query when the page was sent.</summary>
    public int Total { get; init; }
}
