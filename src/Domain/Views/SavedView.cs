namespace Ticketing.Domain.Views;

/// <summary>
/// A named ticket-list view: its filters and sort as a query string (<c>saved_views</c>). Personal
/// (only its owner sees it) unless an admin shared it with everyone.
/// </summary>
public sealed class SavedView
{
    public const int MaxNameLength = 100;
    public const int MaxQueryLength = 2000;

    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string QueryString { get; set; }

    /// <summary>Listed for every user; only admins rename, unshare or delete it.</summary>
    public bool IsShared { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
