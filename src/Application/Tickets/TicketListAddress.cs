using System.Globalization;
using System.Text;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets;

/// <summary>
/// The list's state as it lives in the query string, so a view is a bookmarkable URL and Back works.
/// The list page, its export, saved views and the presets' counts all read an address here, so they
/// cannot disagree about what one means. Parsing never fails: unknown or malformed parameters are
/// dropped with a note for the user. <see cref="ToQueryString"/> writes the clean form: no empty
/// parameters, no defaults, values in a fixed order.
/// </summary>
public sealed record TicketListAddress(TicketFilter Filter, TicketSort Sort, PageRequest Page, IReadOnlyList<string> Notes)
{
    public const string AssignedToMe = "me";
    public const string Unassigned = "unassigned";

    /// <summary>The parameters the list understands; "handler" is a page handler's, not the view's.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "status", "priority", "category", "department", "assignee", "q", "sla", "breach", "sort", "dir", "page", "size", "handler",
        "created_from", "created_to", "resolved_from", "resolved_to", "open_at", "policy", "responded_from", "responded_to", "reopened", "sla_outcome",
    };

    public static readonly IReadOnlyDictionary<string, TicketSortField> SortNames = new Dictionary<string, TicketSortField>(StringComparer.OrdinalIgnoreCase)
    {
        ["updated"] = TicketSortField.Updated,
        ["created"] = TicketSortField.Created,
        ["priority"] = TicketSortField.Priority,
        ["status"] = TicketSortField.Status,
        ["due"] = TicketSortField.Due,
    };

    public static TicketListAddress Default { get; } = new(TicketFilter.None, TicketSort.Default, PageRequest.Default, []);

    /// <summary>The direction a sort field starts in: soonest due first, otherwise newest or highest first.</summary>
    public static SortDirection DefaultDirection(TicketSortField field) => field == TicketSortField.Due ? SortDirection.Asc : SortDirection.Desc;

    public static string SortName(TicketSortField field) => SortNames.First(p => p.Value == field).Key;

    /// <summary>Reads a raw query string (with or without its <c>?</c>), as a saved view stores it.</summary>
    public static TicketListAddress Parse(string? queryString) => Parse(Pairs(queryString));

    /// <summary>Reads the list's parameters; a key may come several times.</summary>
    public static TicketListAddress Parse(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var notes = new List<string>();
        foreach (var (key, value) in parameters)
        {
            if (!Known.Contains(key))
            {
                if (!values.ContainsKey(key))
                {
                    notes.Add($"Ignored the unknown parameter “{Clip(key)}”.");
                    values[key] = [];
                }

                continue;
            }

            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }

            if (value?.Trim() is { Length: > 0 } trimmed)
            {
                list.Add(trimmed);
            }
        }

        IReadOnlyList<string> All(string key) => values.TryGetValue(key, out var list) ? list : [];
        string? Single(string key) => All(key) is [var first, ..] ? first : null;

        var statuses = ParseEnums<TicketStatus>(All("status"), "status", notes);
        var priorities = ParseEnums<TicketPriority>(All("priority"), "priority", notes);
        var categories = Distinct(All("category"), "category", notes);
        var departments = Distinct(All("department"), "department", notes);
        var assignee = ParseAssignee(Distinct(All("assignee"), "assignee", notes));
        var search = ParseSearch(Single("q"), notes);

        var sla = Single("sla") switch
        {
            null => SlaFilter.Any,
            "overdue" => SlaFilter.Overdue,
            "at_risk" => SlaFilter.AtRisk,
            "likely" => SlaFilter.LikelyToBreach,
            var other => Note(SlaFilter.Any, $"Ignored sla “{Clip(other)}”: use overdue, at_risk or likely.", notes),
        };

        var breach = Single("breach") switch
        {
            null => null,
            var text => SlaBreachFilter.Parse(text) ?? Note<SlaBreachFilter?>(null, $"Ignored breach “{Clip(text)}”: not a compliance figure.", notes),
        };

        var sortField = Single("sort") switch
        {
            null => TicketSort.Default.Field,
            var name when SortNames.TryGetValue(name, out var field) => field,
            var other => Note(TicketSort.Default.Field, $"Ignored sort “{Clip(other)}”: use {string.Join(", ", SortNames.Keys)}.", notes),
        };
        var direction = Single("dir")?.ToLowerInvariant() switch
        {
            null => DefaultDirection(sortField),
            "asc" => SortDirection.Asc,
            "desc" => SortDirection.Desc,
            var other => Note(DefaultDirection(sortField), $"Ignored dir “{Clip(other)}”: use asc or desc.", notes),
        };

        var size = ParseInt(Single("size"), "size", PageRequest.Default.Size, notes);
        if (!PageRequest.Sizes.Contains(size))
        {
            notes.Add($"Ignored size {size}: show 25, 50 or 100 per page.");
            size = PageRequest.Default.Size;
        }

        var page = ParseInt(Single("page"), "page", 1, notes);
        var maxPage = int.MaxValue / size;
        if (page < 1 || page > maxPage)
        {
            notes.Add(page < 1 ? $"Ignored page {page}: pages start at 1." : $"Ignored page {page}: no list has that many pages.");
            page = 1;
        }

        var filter = new TicketFilter(statuses, priorities, categories, departments, assignee, search, sla)
        {
            Created = ParseWindow(Single("created_from"), Single("created_to"), "created", notes),
            Resolved = ParseWindow(Single("resolved_from"), Single("resolved_to"), "resolved", notes),
            OpenAt = ParseInstant(Single("open_at"), "open_at", notes),
            Policies = ParsePolicies(Distinct(All("policy"), "policy", notes), notes),
            FirstResponse = ParseWindow(Single("responded_from"), Single("responded_to"), "responded", notes),
            Breach = breach,
            SlaOutcome = Single("sla_outcome") switch
            {
                null => null,
                var text => SlaOutcomeFilter.Parse(text) ?? Note<SlaOutcomeFilter?>(null, $"Ignored sla_outcome “{Clip(text)}”: not an SLA outcome.", notes),
            },
            Reopened = Single("reopened") switch
            {
                null => false,
                "yes" => true,
                var other => Note(false, $"Ignored reopened “{Clip(other)}”: use yes.", notes),
            },
        };
        return new TicketListAddress(filter, new TicketSort(sortField, direction), new PageRequest(page, size), notes);
    }

    /// <summary>
    /// The clean parameters of this address, in a fixed order: nothing empty, nothing at its default.
    /// Status and priority are comma lists (short, and wire names hold no comma); categories,
    /// departments and assignees repeat their key, as a name may hold a comma.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToPairs(bool includePage = true)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add(new(key, value));
            }
        }

        Add("q", Filter.Search);
        Add("status", string.Join(",", Filter.Statuses.Select(WireName<TicketStatus>.Of)));
        Add("priority", string.Join(",", Filter.Priorities.Select(WireName<TicketPriority>.Of)));
        foreach (var category in Filter.Categories)
        {
            Add("category", category);
        }

        foreach (var department in Filter.Departments)
        {
            Add("department", department);
        }

        if (Filter.Assignee.Me)
        {
            Add("assignee", AssignedToMe);
        }

        if (Filter.Assignee.Unassigned)
        {
            Add("assignee", Unassigned);
        }

        foreach (var id in Filter.Assignee.Ids)
        {
            Add("assignee", id);
        }

        Add("sla", Filter.Sla switch { SlaFilter.Overdue => "overdue", SlaFilter.AtRisk => "at_risk", SlaFilter.LikelyToBreach => "likely", _ => null });
        foreach (var policy in Filter.Policies)
        {
            Add("policy", policy.ToString("D"));
        }

        Add("responded_from", InstantText(Filter.FirstResponse?.From));
        Add("responded_to", InstantText(Filter.FirstResponse?.To));
        Add("created_from", InstantText(Filter.Created?.From));
        Add("created_to", InstantText(Filter.Created?.To));
        Add("resolved_from", InstantText(Filter.Resolved?.From));
        Add("resolved_to", InstantText(Filter.Resolved?.To));
        Add("open_at", InstantText(Filter.OpenAt));
        Add("breach", Filter.Breach?.ToParameter());
        Add("reopened", Filter.Reopened ? "yes" : null);
        Add("sla_outcome", Filter.SlaOutcome?.ToParameter());
        if (Sort != TicketSort.Default)
        {
            Add("sort", SortName(Sort.Field));
            if (Sort.Direction != DefaultDirection(Sort.Field))
            {
                Add("dir", Sort.Direction == SortDirection.Asc ? "asc" : "desc");
            }
        }

        if (Page.Size != PageRequest.Default.Size)
        {
            Add("size", Page.Size.ToString(CultureInfo.InvariantCulture));
        }

        if (includePage && Page.Page != 1)
        {
            Add("page", Page.Page.ToString(CultureInfo.InvariantCulture));
        }

        return pairs;
    }

    /// <summary>"status=open,pending&amp;category=Network" (no <c>?</c>), or empty for the unfiltered list.</summary>
    public string ToQueryString(bool includePage = true) => Format(ToPairs(includePage));

    /// <summary>The query string of some pairs: keys and values escaped, commas kept readable.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value).Replace("%2C", ",", StringComparison.Ordinal));
        }

        return text.ToString();
    }

    /// <summary>The pairs of a raw query string, decoded as a browser encodes a form (<c>+</c> is a space).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Pairs(string? queryString)
    {
        if (string.IsNullOrWhiteSpace(queryString))
        {
            yield break;
        }

        foreach (var pair in queryString.Trim().TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            yield return new(Decode(parts[0]), parts.Length > 1 ? Decode(parts[1]) : null);
        }
    }

    private static string Decode(string text)
    {
        text = text.Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static List<TEnum> ParseEnums<TEnum>(IReadOnlyList<string> raw, string name, List<string> notes)
        where TEnum : struct, Enum
    {
        var values = new List<TEnum>();
        foreach (var part in raw.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
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

        // Workflow or severity order, whatever order the address gave: one filter, one address.
        values.Sort();
        return values;
    }

    private static List<string> Distinct(IReadOnlyList<string> raw, string name, List<string> notes)
    {
        var values = raw.Select(v => v.Length > 200 ? v[..200] : v).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (values.Count > TicketFilter.MaxValues)
        {
            notes.Add($"Only the first {TicketFilter.MaxValues} values of {name} were applied.");
            values = values[..TicketFilter.MaxValues];
        }

        return values;
    }

    private static AssigneeFilter ParseAssignee(List<string> raw)
    {
        var me = raw.Remove(AssignedToMe);
        var nobody = raw.Remove(Unassigned);
        return new AssigneeFilter(me, nobody, [.. raw.Select(id => id.Length > 128 ? id[..128] : id)]);
    }

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

    /// <summary>An instant as the address writes it: UTC, to the second ("2026-12-01T05:00:00Z").</summary>
    public static string? InstantText(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static List<Guid> ParsePolicies(List<string> raw, List<string> notes)
    {
        var policies = new List<Guid>();
        foreach (var value in raw)
        {
            if (Guid.TryParse(value, out var id))
            {
                policies.Add(id);
            }
            else
            {
                notes.Add($"Ignored policy “{Clip(value)}”: not a policy id.");
            }
        }

        return [.. policies.Distinct().Order()];
    }

    private static TimeWindow? ParseWindow(string? from, string? to, string name, List<string> notes)
    {
        var start = ParseInstant(from, name + "_from", notes);
        var end = ParseInstant(to, name + "_to", notes);
        return start is null && end is null ? null : new TimeWindow(start, end);
    }

    private static DateTimeOffset? ParseInstant(string? raw, string name, List<string> notes)
    {
        if (raw is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return new DateTimeOffset(value.UtcDateTime.Ticks - (value.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        }

        notes.Add($"Ignored {name} “{Clip(raw)}”: not a date and time.");
        return null;
    }

    private static T Note<T>(T value, string note, List<string> notes)
    {
        notes.Add(note);
        return value;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
