namespace Ticketing.Domain.Channels;

/// <summary>
/// A user's secret calendar address (<c>calendar_feeds</c>). The token is looked up by its SHA-256 and
/// kept protected (Data Protection) so its owner can copy the address again; rotating replaces it and
/// the old address stops working.
/// </summary>
public sealed class CalendarFeed
{
    public required string UserId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token in the URL.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The token itself, protected at rest, to show its owner the address again.</summary>
    public required string TokenProtected { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
