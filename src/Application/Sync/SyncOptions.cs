namespace Ticketing.Application.Sync;

/// <summary>Sync settings, bound from <c>Ticketing:Sync</c>.</summary>
public sealed class SyncOptions
{
    public const string Section = "Ticketing:Sync";

    /// <summary>Tickets asked for per remote page (the remote clamps to 500).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// A run that inserts, changes or deletes at least this many tickets ends with <c>VACUUM (ANALYZE)</c>
    /// of the cache, so the planner knows the new rows and the list and KPI queries can use index-only
    /// scans at once rather than after autovacuum comes round. 0 switches it off.
    /// </summary>
    public int VacuumAfterChangedRows { get; set; } = 50_000;
}
