namespace Ticketing.Domain.Channels;

/// <summary>
/// A user's secret calendar address (<c>calendar_feeds</c>). Only the SHA-256 of the token is stored:
/// the URL is shown once, when made; rotating replaces it and the old URL stops working.
/// </summary>
public sealed class CalendarFeed
{
    public required string UserId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token in the URL.</summary>
    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
