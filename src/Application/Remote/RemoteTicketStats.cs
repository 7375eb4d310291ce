namespace Ticketing.Application.Remote;

/// <summary>
/// The figures of <c>GET /tickets/stats</c>. Dictionaries are keyed by the wire names
/// (<c>in_progress</c>, <c>critical</c>) and by category and department names.
/// When the remote could not answer, the figures come from the local cache instead:
/// <see cref="FromLocalCache"/> is true and <see cref="LocalDataAsOf"/> says how fresh they are,
/// so a page can show "from cached data, synced at …".
/// </summary>
public sealed record RemoteTicketStats(
    int TotalTickets,
    int OpenTickets,
    int InProgressTickets,
    int ResolvedTickets,
    double? AvgResolutionTimeHours,
    double? SlaCompliancePercentage,
    IReadOnlyDictionary<string, int> TicketsByPriority,
    IReadOnlyDictionary<string, int> TicketsByStatus,
    IReadOnlyDictionary<string, int> TicketsByCategory,
    IReadOnlyDictionary<string, int> TicketsByDepartment)
{
    public bool FromLocalCache { get; init; }

    /// <summary>The last successful sync (or the newest <c>last_synced_at</c>), for local figures.</summary>
    public DateTimeOffset? LocalDataAsOf { get; init; }

    /// <summary>Why the local cache was used (the remote failure's message), for local figures.</summary>
    public string? FallbackReason { get; init; }
}
