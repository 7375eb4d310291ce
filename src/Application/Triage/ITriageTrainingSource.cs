namespace Ticketing.Application.Triage;

/// <summary>The mirror's resolved and closed tickets, as training reads them.</summary>
public interface ITriageTrainingSource
{
    /// <summary>How many there are (read before streaming, to place the time-based split).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every one, oldest first (by creation), streamed from the database; a person's latest feedback on
    /// a ticket replaces that ticket's label for the target.
    /// </summary>
    IAsyncEnumerable<TriageExample> ReadAsync(CancellationToken cancellationToken);
}
