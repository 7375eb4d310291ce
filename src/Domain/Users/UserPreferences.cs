namespace Ticketing.Domain.Users;

/// <summary>
/// How one user likes their pages (<c>user_preferences</c>): the ticket list's density and columns,
/// and whether its figures strip is folded. Kept on the server, so they follow the user to any
/// device, and nothing about tickets is stored in the browser.
/// </summary>
public sealed class UserPreferences
{
    public const int MaxColumns = 20;

    public required string UserId { get; set; }

    public ListDensity ListDensity { get; set; }

    /// <summary>The list's visible optional columns, in the list's order; null for the default set.</summary>
    public string[]? ListColumns { get; set; }

    public bool KpisCollapsed { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>How tightly the ticket list packs its rows.</summary>
public enum ListDensity
{
    Comfortable = 0,
    Compact = 1,
}
