namespace Ticketing.Domain.Views;

/// <summary>A user's named ticket-list view: its filters and sort as a query string (<c>saved_views</c>).</summary>
public sealed class SavedView
{
    public const int MaxNameLength = 100;
    public const int MaxQueryLength = 2000;

    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string QueryString { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
