namespace Ticketing.Infrastructure.Persistence;

/// <summary>
/// Fresh plans for the statement triggers before a large write (decision 108). PL/pgSQL keeps each statement's
/// plan for the life of the session, and the app's pool keeps its sessions (no reset on close): a rollup
/// trigger planned when its transition tables held one row (a webhook's write) kept nested loops over them
/// when a later statement on the same connection wrote 10,000 rows — 9.1 s instead of 0.6 s for 5,000 SLA rows.
/// <c>DISCARD PLANS</c> marks the session's cached plans stale, so each trigger statement is planned again for
/// the rows at hand; it changes nothing else in the session.
/// </summary>
internal static class TriggerPlans
{
    public const string Discard = "DISCARD PLANS";

    /// <summary>
    /// From this many rows a write discards the plans first; below it a nested loop over the transition tables
    /// costs less than planning the triggers' statements again.
    /// </summary>
    public const int LargeWrite = 500;
}
