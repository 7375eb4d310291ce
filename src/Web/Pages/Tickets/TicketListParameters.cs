using System.Globalization;
using Microsoft.Extensions.Primitives;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The list's state as it lives in the query string, so a view is a shareable URL and Back works.
/// Parsing never fails: unknown or malformed parameters are dropped with a note for the user.
/// </summary>
public sealed record TicketListParameters(TicketFilter Filter, TicketSort Sort, PageRequest Page, IReadOnlyList<string> Notes)
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "status", "priority", "category", "department", "assignee", "q", "sla", "sort", "dir", "page", "size", "handler",
    };

    private static readonly Dictionary<string, TicketSortField> SortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["updated"] = TicketSortField.Updated,
        ["created"] = TicketSortField.Created,
        ["priority"] = TicketSortField.Priority,
        ["status"] = TicketSortField.Status,
        ["due"] = TicketSortField.Due,
    };

    public static TicketListParameters Default { get; } = new(TicketFilter.None, TicketSort.Default, PageRequest.Default, []);

    public bool HasFilters => Filter != TicketFilter.None;

    public static TicketListParameters Parse(IQueryCollection query)
    {
        var notes = new List<string>();
        foreach (var key in query.Keys.Where(k => !Known.Contains(k)).Order(StringComparer.Ordinal))
        {
            notes.Add($"Ignored the unknown parameter “{Clip(key)}”.");
        }

        var statuses = ParseEnums<TicketStatus>(query["status"], "status", notes);
        var priorities = ParseEnums<TicketPriority>(query["priority"], "priority", notes);
        var category = Single(query["category"]);
        var department = Single(query["department"]);
        var assignee = ParseAssignee(Single(query["assignee"]));
        var search = ParseSearch(Single(query["q"]), notes);

        var sla = Single(query["sla"]) switch
        {
            null => SlaFilter.Any,
            "overdue" => SlaFilter.Overdue,
            "at_risk" => SlaFilter.AtRisk,
            var other => Note(SlaFilter.Any, $"Ignored sla “{Clip(other)}”: use overdue or at_risk.", notes),
        };

        var sortField = Single(query["sort"]) switch
        {
            null => TicketSort.Default.Field,
            var name when SortNames.TryGetValue(name, out var field) => field,
            var other => Note(TicketSort.Default.Field, $"Ignored sort “{Clip(other)}”: use {string.Join(", ", SortNames.Keys)}.", notes),
        };
        var direction = Single(query["dir"])?.ToLowerInvariant() switch
        {
            null => sortField == TicketSortField.Due ? SortDirection.Asc : SortDirection.Desc,
            "asc" => SortDirection.Asc,
            "desc" => SortDirection.Desc,
            var other => Note(SortDirection.Desc, $"Ignored dir “{Clip(other)}”: use asc or desc.", notes),
        };

        var size = ParseInt(Single(query["size"]), "size", PageRequest.Default.Size, notes);
        if (!PageRequest.Sizes.Contains(size))
        {
            notes.Add($"Ignored size {size}: show 25, 50 or 100 per page.");
            size = PageRequest.Default.Size;
        }

        var page = ParseInt(Single(query["page"]), "page", 1, notes);
        var maxPage = int.MaxValue / size;
        if (page < 1 || page > maxPage)
        {
            notes.Add($"Ignored page {page}: pages start at 1.");
            page = 1;
        }

        var filter = new TicketFilter(statuses, priorities, category, department, assignee, search, sla);
        return new TicketListParameters(filter, new TicketSort(sortField, direction), new PageRequest(page, size), notes);
    }

    /// <summary>This view's query string with some parameters changed (null removes one).</summary>
    public string With(params (string Key, string? Value)[] changes)
    {
        var values = ToDictionary();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }
        }

        return QueryString.Create(values.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).ToString();
    }

    /// <summary>The link a column header points to: sort by it, or flip the direction if it is the sort already.</summary>
    public string SortLink(TicketSortField field)
    {
        var name = SortNames.First(p => p.Value == field).Key;
        var direction = Sort.Field == field
            ? (Sort.Direction == SortDirection.Asc ? "desc" : "asc")
            : (field == TicketSortField.Due ? "asc" : "desc");
        return With(("sort", name), ("dir", direction), ("page", null));
    }

    public string PageLink(int page) => With(("page", page == 1 ? null : page.ToString(CultureInfo.InvariantCulture)));

    public Dictionary<string, string> ToDictionary()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Filter.Statuses.Count > 0)
        {
            values["status"] = string.Join(",", Filter.Statuses.Select(WireName<TicketStatus>.Of));
        }

        if (Filter.Priorities.Count > 0)
        {
            values["priority"] = string.Join(",", Filter.Priorities.Select(WireName<TicketPriority>.Of));
        }

        AddIf(values, "category", Filter.Category);
        AddIf(values, "department", Filter.Department);
        AddIf(values, "assignee", Filter.Assignee.Kind switch
        {
            AssigneeFilterKind.Me => "me",
            AssigneeFilterKind.Unassigned => "unassigned",
            AssigneeFilterKind.Specific => Filter.Assignee.AssigneeId,
            _ => null,
        });
        AddIf(values, "q", Filter.Search);
        AddIf(values, "sla", Filter.Sla switch { SlaFilter.Overdue => "overdue", SlaFilter.AtRisk => "at_risk", _ => null });
        if (Sort != TicketSort.Default)
        {
            values["sort"] = SortNames.First(p => p.Value == Sort.Field).Key;
            values["dir"] = Sort.Direction == SortDirection.Asc ? "asc" : "desc";
        }

        if (Page.Size != PageRequest.Default.Size)
        {
            values["size"] = Page.Size.ToString(CultureInfo.InvariantCulture);
        }

        if (Page.Page != 1)
        {
            values["page"] = Page.Page.ToString(CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static void AddIf(Dictionary<string, string> values, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values[key] = value;
        }
    }

    private static List<TEnum> ParseEnums<TEnum>(StringValues raw, string name, List<string> notes)
        where TEnum : struct, Enum
    {
        var values = new List<TEnum>();
        foreach (var part in raw.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (WireName<TEnum>.TryParse(part.ToLowerInvariant(), out var value))
            {
                if (!values.Contains(value))
                {
                    values.Add(value);
                }
            }
            else
            {
                notes.Add($"Ignored {name} “{Clip(part)}”: not a known {name}.");
            }
        }

        return values;
    }

    private static AssigneeFilter ParseAssignee(string? raw) => raw switch
    {
        null => AssigneeFilter.Any,
        "me" => new AssigneeFilter(AssigneeFilterKind.Me),
        "unassigned" => new AssigneeFilter(AssigneeFilterKind.Unassigned),
        var id => new AssigneeFilter(AssigneeFilterKind.Specific, id.Length > 128 ? id[..128] : id),
    };

    private static string? ParseSearch(string? raw, List<string> notes)
    {
        if (raw is null)
        {
            return null;
        }

        if (raw.Length > TicketFilter.MaxSearchLength)
        {
            notes.Add($"The search was shortened to its first {TicketFilter.MaxSearchLength} characters.");
            raw = raw[..TicketFilter.MaxSearchLength].Trim();
        }

        if (raw.Length < TicketFilter.MinSearchLength)
        {
            notes.Add($"Search needs at least {TicketFilter.MinSearchLength} characters: “{raw}” was not applied.");
        }

        return raw;
    }

    private static int ParseInt(string? raw, string name, int fallback, List<string> notes)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        notes.Add($"Ignored {name} “{Clip(raw)}”: not a number.");
        return fallback;
    }

    /// <summary>The first non-empty value, trimmed; null when none.</summary>
    private static string? Single(StringValues values) =>
        values.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static T Note<T>(T value, string note, List<string> notes)
    {
        notes.Add(note);
        return value;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
