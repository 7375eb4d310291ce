using System.Globalization;
using Microsoft.Extensions.Primitives;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Api;

/// <summary>Reads and validates the query string of <c>GET /tickets</c>.</summary>
public static class TicketQueryParser
{
    private static readonly Dictionary<string, TicketSortField> SortFields = new(StringComparer.Ordinal)
    {
        ["updated_at"] = TicketSortField.UpdatedAt,
        ["created_at"] = TicketSortField.CreatedAt,
        ["priority"] = TicketSortField.Priority,
        ["status"] = TicketSortField.Status,
        ["due_date"] = TicketSortField.DueDate,
    };

    public static TicketQuery Parse(IQueryCollection query, ValidationErrors errors)
    {
        var (page, limit) = Paging(query, errors);
        var result = new TicketQuery
        {
            Page = page,
            Limit = limit,
            Statuses = EnumList<TicketStatus>(query, "status", TicketEnums.TryParseStatus, TicketEnums.AllStatusNames, errors),
            Priorities = EnumList<TicketPriority>(query, "priority", TicketEnums.TryParsePriority, TicketEnums.AllPriorityNames, errors),
            Categories = List(query["category"]),
            Departments = List(query["department"]),
            AssigneeId = Single(query["assignee_id"]),
            Search = Single(query["search"]),
        };

        if (Timestamp(query, "updated_since", errors) is { } updatedSince)
        {
            result = result with { UpdatedSince = updatedSince };
        }

        if (Single(query["sort_by"]) is { } sortBy)
        {
            if (SortFields.TryGetValue(sortBy, out var field))
            {
                result = result with { SortBy = field };
            }
            else
            {
                errors.Add("sort_by", $"must be one of {string.Join(", ", SortFields.Keys)}");
            }
        }

        switch (Single(query["sort_direction"]))
        {
            case null or "asc":
                break;
            case "desc":
                result = result with { Descending = true };
                break;
            default:
                errors.Add("sort_direction", "must be asc or desc");
                break;
        }

        return result;
    }

    /// <summary><c>page</c> and <c>limit</c> as every paged endpoint reads them: 1 and 50 by default, limit clamped to 500.</summary>
    public static (int Page, int Limit) Paging(IQueryCollection query, ValidationErrors errors) =>
        (PositiveInt(query, "page", 1, errors), Math.Min(PositiveInt(query, "limit", TicketQuery.DefaultLimit, errors), TicketQuery.MaxLimit));

    /// <summary>An ISO 8601 timestamp parameter, or null when absent (or invalid, with an error).</summary>
    public static DateTime? Timestamp(IQueryCollection query, string name, ValidationErrors errors)
    {
        if (Single(query[name]) is not { } text)
        {
            return null;
        }

        if (Timestamps.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add(name, "must be an ISO 8601 timestamp, e.g. 2026-11-21T10:02:31.120Z");
        return null;
    }

    private static int PositiveInt(IQueryCollection query, string name, int fallback, ValidationErrors errors)
    {
        if (Single(query[name]) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
        {
            return value;
        }

        errors.Add(name, "must be a positive integer");
        return fallback;
    }

    private static List<T>? EnumList<T>(
        IQueryCollection query, string name, TryParse<T> parse, IReadOnlyList<string> allowed, ValidationErrors errors)
    {
        if (List(query[name]) is not { } values)
        {
            return null;
        }

        var result = new List<T>(values.Count);
        foreach (var value in values)
        {
            if (parse(value, out var parsed))
            {
                result.Add(parsed);
            }
            else
            {
                errors.Add(name, $"unknown value '{value}'; expected any of {string.Join(", ", allowed)}");
            }
        }

        return result;
    }

    /// <summary>Comma-separated values, also across repeated parameters; null when none is given.</summary>
    private static List<string>? List(StringValues values)
    {
        var result = new List<string>();
        foreach (var value in values)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                result.Add(part);
            }
        }

        return result.Count == 0 ? null : result;
    }

    /// <summary>The parameter's value, or null when absent or blank (a blank filter filters nothing).</summary>
    private static string? Single(StringValues values)
    {
        var text = values.Count == 0 ? null : values[^1];
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private delegate bool TryParse<T>(string value, out T result);
}
