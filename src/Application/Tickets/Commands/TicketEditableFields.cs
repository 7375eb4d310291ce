using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Commands;

/// <summary>
/// The fields the dashboard edits on a ticket, as one comparable value: what the remote holds, what
/// the user asked for, and the PATCH between the two. Field names are the history's and the audit
/// log's (<c>status</c>, <c>assignee</c>, <c>due_date</c>). <see cref="Title"/>, <see cref="Description"/>,
/// <see cref="Tags"/> and <see cref="CustomFieldsJson"/> came later: a queued change stored before them
/// has none of them on either side, so they never count as changed there.
/// </summary>
public sealed record TicketEditableFields(
    TicketStatus Status,
    TicketPriority Priority,
    string? AssigneeId,
    string? AssigneeName,
    string? Category,
    string? Department,
    DateTimeOffset? DueDate,
    string? Title = null,
    string? Description = null,
    IReadOnlyList<string>? Tags = null,
    string? CustomFieldsJson = null)
{
    public const string TitleField = "title";
    public const string DescriptionField = "description";
    public const string StatusField = "status";
    public const string PriorityField = "priority";
    public const string AssigneeField = "assignee";
    public const string CategoryField = "category";
    public const string DepartmentField = "department";
    public const string DueDateField = "due_date";
    public const string TagsField = "tags";
    public const string CustomFieldsField = "custom_fields";

    public const int MaxTextLength = 200;
    public const int MaxAssigneeIdLength = 128;
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionBytes = 64 * 1024;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    /// <summary>Every field, in the order the form shows them.</summary>
    public static IReadOnlyList<string> AllFields { get; } =
    [
        TitleField, DescriptionField, StatusField, PriorityField, AssigneeField, CategoryField, DepartmentField, DueDateField, TagsField, CustomFieldsField,
    ];

    /// <summary>An audit value is cut here: the log records what changed, not whole documents.</summary>
    private const int MaxAuditValueLength = 1000;

    public static TicketEditableFields Of(Ticket ticket) => new(
        ticket.Status,
        ticket.Priority,
        ticket.AssigneeId,
        ticket.AssigneeName,
        ticket.Category,
        ticket.Department,
        ticket.DueDate,
        ticket.Title,
        ticket.Description,
        ticket.Tags,
        ticket.CustomFieldsJson);

    /// <summary>The fields whose value here differs from <paramref name="before"/>, in form order.</summary>
    public IReadOnlyList<string> ChangedFrom(TicketEditableFields before) =>
        [.. AllFields.Where(field => !Same(field, before))];

    /// <summary>Whether <paramref name="field"/> holds the same value here and in <paramref name="other"/>.</summary>
    public bool Same(string field, TicketEditableFields other) => field switch
    {
        // A title cannot be cleared: no title on one side is a change stored before titles were edited.
        TitleField => Text(Title) is null || Text(other.Title) is null || string.Equals(Text(Title), Text(other.Title), StringComparison.Ordinal),
        DescriptionField => string.Equals(Body(Description), Body(other.Description), StringComparison.Ordinal),
        StatusField => Status == other.Status,
        PriorityField => Priority == other.Priority,

        // The name follows the id: an assignee renamed at the remote is not a change the user made.
        AssigneeField => string.Equals(Text(AssigneeId), Text(other.AssigneeId), StringComparison.Ordinal),
        CategoryField => string.Equals(Text(Category), Text(other.Category), StringComparison.Ordinal),
        DepartmentField => string.Equals(Text(Department), Text(other.Department), StringComparison.Ordinal),
        DueDateField => SameMinute(DueDate, other.DueDate),
        TagsField => TagList(Tags).SequenceEqual(TagList(other.Tags), StringComparer.Ordinal),
        CustomFieldsField => CustomFieldValues.SameObject(CustomFieldsJson, other.CustomFieldsJson),
        _ => true,
    };

    /// <summary>The PATCH that turns <paramref name="before"/> into this: only the changed fields are set.</summary>
    public RemoteTicketUpdate PatchFrom(TicketEditableFields before)
    {
        var update = new RemoteTicketUpdate();
        foreach (var field in ChangedFrom(before))
        {
            update = field switch
            {
                TitleField => update with { Title = Text(Title)! },
                DescriptionField => update with { Description = Body(Description) },
                StatusField => update with { Status = Status },
                PriorityField => update with { Priority = Priority },
                AssigneeField => update with { AssigneeId = Text(AssigneeId), AssigneeName = Text(AssigneeId) is null ? null : AssigneeName },
                CategoryField => update with { Category = Text(Category) },
                DepartmentField => update with { Department = Text(Department) },
                DueDateField => update with { DueDate = DueDate?.ToUniversalTime() },
                TagsField => update with { Tags = TagList(Tags).ToArray() },
                CustomFieldsField => update with { CustomFieldsJson = CustomFieldValues.Normalize(CustomFieldsJson) },
                _ => update,
            };
        }

        return update;
    }

    /// <summary>
    /// <paramref name="current"/> with this record's values in <paramref name="fields"/>: a queued
    /// change applied later sets only what its author changed, over whatever the remote holds by then.
    /// </summary>
    public TicketEditableFields Over(TicketEditableFields current, IReadOnlyCollection<string> fields) =>
        current with
        {
            Title = fields.Contains(TitleField) ? Title : current.Title,
            Description = fields.Contains(DescriptionField) ? Description : current.Description,
            Status = fields.Contains(StatusField) ? Status : current.Status,
            Priority = fields.Contains(PriorityField) ? Priority : current.Priority,
            AssigneeId = fields.Contains(AssigneeField) ? AssigneeId : current.AssigneeId,
            AssigneeName = fields.Contains(AssigneeField) ? AssigneeName : current.AssigneeName,
            Category = fields.Contains(CategoryField) ? Category : current.Category,
            Department = fields.Contains(DepartmentField) ? Department : current.Department,
            DueDate = fields.Contains(DueDateField) ? DueDate : current.DueDate,
            Tags = fields.Contains(TagsField) ? Tags : current.Tags,
            CustomFieldsJson = fields.Contains(CustomFieldsField) ? CustomFieldsJson : current.CustomFieldsJson,
        };

    /// <summary>
    /// "status → Resolved, priority → High, description edited": a change in words, as people say the values, for
    /// the pending list, the "queued" message and the ticket page's "changed since you opened it" notice.
    /// <paramref name="exact"/> writes a due date in the reader's zone; without it (a summary stored for everyone)
    /// the date is written in UTC and says so.
    /// </summary>
    public string Describe(IEnumerable<string> fields, Func<DateTimeOffset, string>? exact = null) =>
        string.Join(", ", fields.Select(f => f switch
        {
            DescriptionField => "description edited",
            CustomFieldsField => "custom fields edited",
            TitleField => $"title → “{Shorten(Text(Title) ?? "", 80)}”",
            TagsField => $"tags → {(TagList(Tags).Count == 0 ? "none" : Shorten(string.Join(", ", TagList(Tags)), 120))}",
            StatusField => $"status → {Channels.NotificationTypeText.Status(Status)}",
            PriorityField => $"priority → {Channels.NotificationTypeText.Priority(Priority)}",
            AssigneeField => $"assignee → {(Text(AssigneeId) is { } id ? AssigneeName ?? id : "nobody")}",
            DueDateField => $"due date → {(DueDate is { } due ? (exact ?? InUtc)(due) : "none")}",
            _ => $"{Label(f)} → {AuditValue(f) ?? "none"}",
        }));

    private static string InUtc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("d MMM yyyy, HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A field's name in words: "due date", "custom fields".</summary>
    public static string Label(string field) => field.Replace('_', ' ');

    /// <summary>
    /// A field's value as the audit log records it: wire names for enums, ISO 8601 UTC for times, long
    /// texts cut at <see cref="MaxAuditValueLength"/> characters.
    /// </summary>
    public string? AuditValue(string field) => field switch
    {
        TitleField => Text(Title),
        DescriptionField => Body(Description) is { } body ? Shorten(body, MaxAuditValueLength) : null,
        StatusField => WireName<TicketStatus>.Of(Status),
        PriorityField => WireName<TicketPriority>.Of(Priority),
        AssigneeField => Text(AssigneeId) is { } id ? $"{AssigneeName ?? id} ({id})" : null,
        CategoryField => Text(Category),
        DepartmentField => Text(Department),
        DueDateField => DueDate?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        TagsField => string.Join(", ", TagList(Tags)),
        CustomFieldsField => Shorten(CustomFieldValues.Normalize(CustomFieldsJson), MaxAuditValueLength),
        _ => null,
    };

    /// <summary>Blank text is no value: an emptied form field clears the remote's.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// A description as stored and compared: browsers send a textarea's line breaks as CRLF, the remote
    /// keeps what it was sent, so line breaks are LF; blank is none. Otherwise kept exactly as typed.
    /// </summary>
    public static string? Body(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>Tags as sent: trimmed, blanks dropped, each once, in the order given.</summary>
    public static IReadOnlyList<string> TagList(IEnumerable<string>? tags) =>
        tags is null ? [] : [.. tags.Select(t => t?.Trim() ?? "").Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>The tags of a comma-separated text: trimmed, blanks dropped, each once.</summary>
    public static IReadOnlyList<string> ParseTags(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : TagList(text.Split(','));

    /// <summary>
    /// The form edits due dates to the minute, so a due date the user left alone (the remote may hold
    /// seconds) must not count as changed.
    /// </summary>
    public static bool SameMinute(DateTimeOffset? a, DateTimeOffset? b) =>
        (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.UtcTicks / TimeSpan.TicksPerMinute == y.UtcTicks / TimeSpan.TicksPerMinute,
            _ => false,
        };

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

/// <summary>
/// The remote wants an assignee's id and name together; the forms offer the assignees the cache
/// knows, by id, so the name is looked up here rather than trusted from the browser.
/// </summary>
internal static class AssigneeDirectory
{
    public const string UnknownAssigneeMessage = "Choose an assignee from the list.";

    /// <summary>The id and name for <paramref name="assigneeId"/> (null: unassigned); a validation failure on <paramref name="property"/> when unknown.</summary>
    public static async Task<(string? Id, string? Name)> ResolveAsync(
        string? assigneeId,
        Ticket? current,
        ITicketListReader lists,
        string property,
        CancellationToken cancellationToken)
    {
        if (TicketEditableFields.Text(assigneeId) is not { } id)
        {
            return (null, null);
        }

        if (current is not null && string.Equals(current.AssigneeId, id, StringComparison.Ordinal))
        {
            return (current.AssigneeId, current.AssigneeName);
        }

        var lookups = await lists.GetLookupsAsync(cancellationToken);
        var match = lookups.Assignees.FirstOrDefault(a => string.Equals(a.AssigneeId, id, StringComparison.Ordinal));
        return match is null
            ? throw new ValidationException(new Dictionary<string, string[]> { [property] = [UnknownAssigneeMessage] })
            : (match.AssigneeId, match.Name);
    }
}
