namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The only way entries leave the audit log (the retention job's): everything older than a cut-off,
/// oldest first, behind a checkpoint entry that keeps the rest of the chain verifiable.
/// </summary>
public interface IAuditRetention
{
    /// <summary>Removes the entries older than <paramref name="before"/>; returns how many.</summary>
    Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
