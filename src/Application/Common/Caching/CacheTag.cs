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

    /// <summary>
    /// The tickets' SLA states by policy (<c>ticket_sla</c>) and the figures the rollups keep from them: invalidated by
    /// the SLA recompute after each batch it writes. The list page's own cache does not carry it (a recompute runs every
    /// few seconds; the page's short lifetime bounds it).
    /// </summary>
    public const string Sla = "sla";

    /// <summary>Saved ticket-list views (<c>saved_views</c>), any user's: invalidated by their repository on every write.</summary>
    public const string Views = "views";

    /// <summary>Users' display preferences (<c>user_preferences</c>): invalidated by their repository on every write.</summary>
    public const string Preferences = "preferences";

    /// <summary>
    /// The sync runs and the integration's settings the header's sync state is computed from
    /// (<c>sync_logs</c>, <c>ticketing_system_config</c>). Invalidated by the sync log repository on
    /// every write, and by the writes of the settings row that change what the state shows.
    /// </summary>
    public const string SyncState = "sync-state";

    /// <summary>
    /// The ticket writes waiting for Championship IT (<c>ticket_outbox</c>, pending ones): invalidated by the outbox
    /// whenever a write is queued or completed.
    /// </summary>
    public const string Outbox = "outbox";

    /// <summary>
    /// Which tickets hold protected health information (<c>ticket_phi</c>) beyond what a ticket write changes:
    /// invalidated by each batch of a re-classification after a rule changed.
    /// </summary>
    public const string Phi = "phi";

    /// <summary>
    /// Stands for the signed-in user in a per-user tag: a <see cref="CacheScope.PerUser"/> query declares
    /// the tag with it, the caching behaviour puts the sender's id in its place, and a writer evicts one
    /// user's answers with <see cref="Of"/>.
    /// </summary>
    public const string User = "{user}";

    /// <summary>One user's notifications (the header's unread count); evicted by every write that adds or reads one.</summary>
    public const string Notifications = "notifications:user:" + User;

    /// <summary>The per-user <paramref name="tag"/> of one user, e.g. <c>Of(Notifications, id)</c>.</summary>
    public static string Of(string tag, string userId) => tag.Replace(User, userId, StringComparison.Ordinal);
}
