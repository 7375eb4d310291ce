using System.Globalization;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The list's address as the page uses it: the filters, sort and page it shows (read by
/// <see cref="TicketListAddress"/>, shared with the export, saved views and the counts) and the links
/// that change one thing about it. Every link is the clean form: no empty parameters, no defaults.
/// </summary>
public sealed record TicketListParameters(TicketListAddress Address)
{
    public const string ListPath = "/Tickets";

    public static TicketListParameters Default { get; } = new(TicketListAddress.Default);

    public TicketFilter Filter => Address.Filter;

    public TicketSort Sort => Address.Sort;

    public PageRequest Page => Address.Page;

    public IReadOnlyList<string> Notes => Address.Notes;

    public bool HasFilters => !Filter.IsEmpty;

    /// <summary>The preset the list shows exactly, if any.</summary>
    public ListPreset? Preset => ListPresets.Matching(Filter, Sort);

    /// <summary>A saved view's stored address (a query string without the leading "?").</summary>
    public static TicketListParameters FromQueryString(string? queryString) => new(TicketListAddress.Parse(queryString));

    public static TicketListParameters Parse(IQueryCollection query) =>
        new(TicketListAddress.Parse(query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))));

    /// <summary>
    /// Whether the address holds more than the clean one the list would write: an empty parameter (a
    /// filter form sent without scripts names every field), a default, or a list split over repeated
    /// keys. The order of parameters does not matter.
    /// </summary>
    public static bool IsUnclean(IQueryCollection query, TicketListParameters parsed)
    {
        if (query.Count == 0 || query.ContainsKey("handler") || parsed.Notes.Count > 0)
        {
            return false;
        }

        var asked = query.SelectMany(p => p.Value.Select(v => $"{p.Key}={v}")).Order(StringComparer.Ordinal);
        var clean = parsed.Address.ToPairs().Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal);
        return !asked.SequenceEqual(clean, StringComparer.Ordinal);
    }

    /// <summary>The list's URL for this address (page included).</summary>
    public string Url => ListUrl(Address.ToQueryString());

    /// <summary>This address without the page: what a saved view stores and the export takes.</summary>
    public string QueryWithoutPage => Address.ToQueryString(includePage: false);

    public static string ListUrl(string queryString) => queryString.Length == 0 ? ListPath : $"{ListPath}?{queryString}";

    /// <summary>The list with another filter, back on page 1.</summary>
    public string WithFilter(TicketFilter filter) => ListUrl((Address with { Filter = filter, Page = Page with { Page = 1 } }).ToQueryString());

    /// <summary>The link a column header points to: sort by it, or flip the direction if it is the sort already.</summary>
    public string SortLink(TicketSortField field)
    {
        var direction = Sort.Field == field
            ? (Sort.Direction == SortDirection.Asc ? SortDirection.Desc : SortDirection.Asc)
            : TicketListAddress.DefaultDirection(field);
        return ListUrl((Address with { Sort = new TicketSort(field, direction), Page = Page with { Page = 1 } }).ToQueryString());
    }

    public string PageLink(int page) => ListUrl((Address with { Page = Page with { Page = page } }).ToQueryString());

    /// <summary>
    /// The active filters, each with the list's address without it (a removable chip); times in words by
    /// <paramref name="timeText"/> (the viewer's zone), UTC when not given.
    /// </summary>
    public IReadOnlyList<FilterChip> Chips(TicketLookups lookups, Func<DateTimeOffset, string>? timeText = null)
    {
        timeText ??= t => t.ToUniversalTime().ToString("d MMM yyyy, HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        var f = Filter;
        var chips = new List<FilterChip>();
        if (f.Search is { Length: >= TicketFilter.MinSearchLength } search)
        {
            chips.Add(new("Search", $"“{search}”", WithFilter(f with { Search = null })));
        }

        chips.AddRange(f.Statuses.Select(s => new FilterChip("Status", TicketDisplay.Label(s), WithFilter(f with { Statuses = [.. f.Statuses.Where(x => x != s)] }))));
        chips.AddRange(f.Priorities.Select(p => new FilterChip("Priority", TicketDisplay.Label(p), WithFilter(f with { Priorities = [.. f.Priorities.Where(x => x != p)] }))));
        chips.AddRange(f.Categories.Select(c => new FilterChip("Category", c == TicketFilter.NoCategory ? "None" : c, WithFilter(f with { Categories = [.. f.Categories.Where(x => x != c)] }))));
        chips.AddRange(f.Departments.Select(d => new FilterChip("Department", d == TicketFilter.NoDepartment ? "None" : d, WithFilter(f with { Departments = [.. f.Departments.Where(x => x != d)] }))));
        if (f.Assignee.Me)
        {
            chips.Add(new("Assignee", "Me", WithFilter(f with { Assignee = f.Assignee with { Me = false } })));
        }

        if (f.Assignee.Unassigned)
        {
            chips.Add(new("Assignee", "Unassigned", WithFilter(f with { Assignee = f.Assignee with { Unassigned = false } })));
        }

        foreach (var id in f.Assignee.Ids)
        {
            var name = lookups.Assignees.FirstOrDefault(a => a.AssigneeId == id)?.Name ?? id;
            chips.Add(new("Assignee", name, WithFilter(f with { Assignee = f.Assignee with { Ids = [.. f.Assignee.Ids.Where(x => x != id)] } })));
        }

        if (f.Sla != SlaFilter.Any)
        {
            chips.Add(new("SLA", f.Sla switch { SlaFilter.Overdue => "Overdue", SlaFilter.AtRisk => "At risk", _ => "Likely to breach" }, WithFilter(f with { Sla = SlaFilter.Any })));
        }

        string Window(TimeWindow window) => (window.From, window.To) switch
        {
            ({ } from, { } to) => $"from {timeText(from)} to before {timeText(to)}",
            ({ } from, null) => $"from {timeText(from)}",
            (null, { } to) => $"before {timeText(to)}",
            _ => "any time",
        };

        // The list keeps no policy names: a policy chip comes from the analytics drill-down, which names it there.
        chips.AddRange(f.Policies.Select((id, i) => new FilterChip(
            "SLA policy", f.Policies.Count == 1 ? "the chosen policy" : $"chosen policy {i + 1} of {f.Policies.Count}",
            WithFilter(f with { Policies = [.. f.Policies.Where(x => x != id)] }))));
        if (f.FirstResponse is { } responded)
        {
            chips.Add(new("First response", Window(responded), WithFilter(f with { FirstResponse = null })));
        }

        if (f.Created is { } created)
        {
            chips.Add(new("Created", Window(created), WithFilter(f with { Created = null })));
        }

        if (f.Resolved is { } resolved)
        {
            chips.Add(new("Resolved", Window(resolved), WithFilter(f with { Resolved = null })));
        }

        if (f.OpenAt is { } openAt)
        {
            chips.Add(new("Open at", timeText(openAt), WithFilter(f with { OpenAt = null })));
        }

        if (f.Breach is { } breach)
        {
            var target = breach.Target == SlaTarget.Resolution ? "Resolution" : "First response";
            var month = breach.Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
            chips.Add(new("SLA policy", $"{target} breached, resolved in {month} (UTC)", WithFilter(f with { Breach = null })));
        }

        if (f.SlaOutcome is { } outcome)
        {
            chips.Add(new("SLA policy", outcome.Words, WithFilter(f with { SlaOutcome = null })));
        }

        if (f.Reopened)
        {
            chips.Add(new("Reopened", "reopened at least once", WithFilter(f with { Reopened = false })));
        }

        return chips;
    }

    /// <summary>The filters and sort in words ("Status: Open, Priority: Critical · sorted by due date, soonest first"), for a list of views.</summary>
    public string Describe(TicketLookups lookups)
    {
        var filters = Chips(lookups).Select(c => $"{c.Name}: {c.Value}").ToList();
        var words = filters.Count == 0 ? "Every ticket" : string.Join(", ", filters);
        if (Sort != TicketSort.Default)
        {
            var field = Sort.Field == TicketSortField.Due ? "due date" : Sort.Field.ToString().ToLowerInvariant();
            var ascending = Sort.Direction == SortDirection.Asc;
            var direction = Sort.Field switch
            {
                TicketSortField.Due => ascending ? "soonest first" : "latest first",
                TicketSortField.Created or TicketSortField.Updated => ascending ? "oldest first" : "newest first",
                TicketSortField.Priority => ascending ? "lowest first" : "highest first",
                _ => ascending ? "ascending" : "descending",
            };
            words += $" · sorted by {field}, {direction}";
        }

        return words;
    }

    public static string Wire(TicketStatus status) => WireName<TicketStatus>.Of(status);

    public static string Wire(TicketPriority priority) => WireName<TicketPriority>.Of(priority);
}

/// <summary>An active filter: what it is, its value in words, and the list without it.</summary>
public sealed record FilterChip(string Name, string Value, string RemoveUrl);
