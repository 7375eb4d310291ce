namespace Ticketing.Infrastructure.Persistence;

/// <summary>
/// Every PostgreSQL advisory-lock key the app takes, in one place. The keys share one space per
/// database: two purposes on one key would wait for (or, with a try-lock, skip) each other. The
/// values never change, so instances of different versions still agree.
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>One ticket sync at a time: a session lock held for the whole run.</summary>
    public const long Sync = 7_243_100_001;

    /// <summary>One outbox delivery round at a time: a session lock held for the round.</summary>
    public const long Outbox = 7_243_100_002;

    /// <summary>One comments and attachments backfill at a time: a session lock held while it reads.</summary>
    public const long CommentBackfill = 7_243_100_007;

    /// <summary>
    /// Changes to the KPI counters, one writing transaction at a time: a transaction lock taken by the
    /// counter trigger (migration TicketCounters spells the number out).
    /// </summary>
    public const long TicketCounters = 7_243_100_003;

    /// <summary>
    /// One notification dispatch at a time: a transaction lock around a claim of ticket events, so events
    /// are told in order and an open notification is folded by one instance at a time.
    /// </summary>
    public const long NotificationDispatch = 7_243_100_005;

    /// <summary>Changes to roles and locks, one at a time, so the last-admin check holds: a transaction lock.</summary>
    public const long UserAdministration = 0x7469636B_75736572L;

    /// <summary>Seeding the integration settings at start-up, one instance at a time: a transaction lock.</summary>
    public const long IntegrationSettingsSeed = 0x7469636B_6366675L;

    /// <summary>
    /// Appending to the audit log's hash chain, one entry at a time, so the chain stays linear: a
    /// transaction lock taken by the <c>audit_log</c> insert trigger (see <c>AuditChainSql</c>).
    /// </summary>
    public const long AuditChain = 7_243_100_004;

    /// <summary>
    /// Changes to the analytics rollups, one writing transaction at a time: a transaction lock taken by the
    /// rollup trigger (migration AnalyticsRollups spells the number out).
    /// </summary>
    public const long AnalyticsRollups = 7_243_100_009;
}
