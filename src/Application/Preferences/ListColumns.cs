namespace Ticketing.Application.Preferences;

/// <summary>A column of the ticket list the user may show or hide.</summary>
public sealed record ListColumn(string Key, string Label, bool ShownByDefault);

/// <summary>
/// The ticket list's optional columns, in the order the table shows them. The number, the title and
/// the selection box are always there. The defaults fit a 1280 px screen beside the menu.
/// </summary>
public static class ListColumns
{
    public const string Status = "status";
    public const string Priority = "priority";
    public const string Assignee = "assignee";
    public const string Due = "due";
    public const string Updated = "updated";
    public const string Category = "category";
    public const string Department = "department";
    public const string Requester = "requester";
    public const string Created = "created";

    public static IReadOnlyList<ListColumn> All { get; } =
    [
        new(Status, "Status", true),
        new(Priority, "Priority", true),
        new(Assignee, "Assignee", true),
        new(Category, "Category", true),
        new(Department, "Department", false),
        new(Requester, "Requester", false),
        new(Due, "SLA / due", true),
        new(Created, "Created", false),
        new(Updated, "Updated", true),
    ];

    public static IReadOnlyList<string> Defaults { get; } = [.. All.Where(c => c.ShownByDefault).Select(c => c.Key)];

    public static bool IsKnown(string key) => All.Any(c => c.Key == key);

    /// <summary>The known keys of <paramref name="keys"/>, once each, in the table's order; the defaults for null.</summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string>? keys)
    {
        if (keys is null)
        {
            return Defaults;
        }

        var chosen = keys.ToHashSet(StringComparer.Ordinal);
        return [.. All.Where(c => chosen.Contains(c.Key)).Select(c => c.Key)];
    }
}
