using Ticketing.Application.Sla;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The SLA recompute's work: tickets marked changed (by the mirror's triggers), tickets whose state
/// changes with time (<c>next_check_at</c> passed), and full runs after a policy or calendar change.
/// Each batch is claimed, evaluated by <c>evaluate</c> and written in one transaction, so instances
/// never work on the same ticket at once and a crash leaves the batch to be claimed again.
/// </summary>
public interface ISlaRecomputeStore
{
    /// <summary>
    /// The version of the SLA rules (policies and calendars): it moves whenever they change, in the transaction that
    /// changes them. Read it <em>before</em> the rules a batch is evaluated with.
    /// </summary>
    Task<long> GetRulesVersionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Processes one batch of up to <paramref name="size"/> changed or time-driven tickets, or of up to
    /// <paramref name="runSize"/> tickets of a full run, evaluated by <paramref name="evaluate"/> with the rules of
    /// <paramref name="rulesVersion"/>. The number processed (0: nothing to do), or null when the rules changed since
    /// that version: then nothing was written or claimed, and the caller reads the rules again.
    /// </summary>
    Task<int?> ProcessBatchAsync(
        int size, int runSize, long rulesVersion, Func<IReadOnlyList<SlaTicketInput>, IReadOnlyList<TicketSlaRow>> evaluate,
        CancellationToken cancellationToken);

    Task<SlaRecomputeProgress> GetProgressAsync(CancellationToken cancellationToken);
}
