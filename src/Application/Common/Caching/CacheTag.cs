namespace Ticketing.Application.Common.Caching;

/// <summary>The data cached answers depend on; a change to it invalidates its tag (<see cref="ICacheInvalidator"/>).</summary>
public static class CacheTag
{
    /// <summary>
    /// The ticket mirror (<c>tickets_cache</c>): every figure and choice computed from it. Invalidated by
    /// the repository on every committed change to a ticket, whatever made it (sync, webhook, a write
    /// from this app, the outbox).
    /// </summary>
    public const string Tickets = "tickets";

    /// <summary>Saved ticket-list views (<c>saved_views</c>), any user's: invalidated by their repository on every write.</summary>
    public const string Views = "views";

    /// <summary>Users' display preferences (<c>user_preferences</c>): invalidated by their repository on every write.</summary>
    public const string Preferences = "preferences";
}
