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
    /// Processes one batch of up to <paramref name="size"/> changed or time-driven tickets, or of up to
    /// <paramref name="runSize"/> tickets of a full run; the number processed (0: nothing to do).
    /// </summary>
    Task<int> ProcessBatchAsync(
        int size, int runSize, Func<IReadOnlyList<SlaTicketInput>, IReadOnlyList<TicketSlaRow>> evaluate, CancellationToken cancellationToken);

    Task<SlaRecomputeProgress> GetProgressAsync(CancellationToken cancellationToken);
}
