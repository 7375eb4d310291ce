using System.Globalization;
using Ticketing.Domain.Tickets;

namespace Ticketing.Domain.Templates;

/// <summary>
/// A starting point for a new ticket (<c>ticket_templates</c>), managed by admins: the create form
/// fills itself from it, and everything stays editable.
/// </summary>
public sealed class TicketTemplate
{
    public const int MaxNameLength = 100;
    public const int MaxTitlePatternLength = 200;

    /// <summary>Replaced by today's date in the user's zone (yyyy-MM-dd) when a form is filled.</summary>
    public const string DateToken = "{date}";

    /// <summary>Replaced by the signed-in user's name when a form is filled.</summary>
    public const string UserToken = "{user}";

    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The title to start from; <see cref="DateToken"/> and <see cref="UserToken"/> are filled in.</summary>
    public string? TitlePattern { get; set; }

    public string? DescriptionSkeleton { get; set; }
    public string? Category { get; set; }
    public TicketPriority? Priority { get; set; }
    public string[] Tags { get; set; } = [];

    /// <summary>A JSON object, kept as its text so JSON types survive.</summary>
    public string CustomFieldsJson { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The title pattern with its tokens filled in; null when the template has none.</summary>
    public static string? ExpandTitle(string? pattern, DateOnly today, string? userName) =>
        pattern?
            .Replace(DateToken, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase)
            .Replace(UserToken, string.IsNullOrWhiteSpace(userName) ? string.Empty : userName.Trim(), StringComparison.OrdinalIgnoreCase);
}
