using Ticketing.Application.Sla.Prediction;
using Ticketing.Domain.Sla.Prediction;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The breach estimate's data: resolution-time samples and active tickets read set-based from the mirror,
/// <c>ticket_breach_risk</c> written in one statement with the "likely to breach" notifications, and the backtest's
/// history and stored reports.
/// </summary>
public interface IBreachRiskStore
{
    /// <summary>Tickets created since <paramref name="since"/>: resolved ones by resolution time, open ones by age (censored), grouped.</summary>
    Task<IReadOnlyList<(BreachStratum Stratum, DurationSample Sample)>> ReadSamplesAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Active tickets with a resolution due time after <paramref name="now"/> (the policy's, else Championship IT's).</summary>
    Task<IReadOnlyList<BreachRiskCandidate>> ReadCandidatesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces <c>ticket_breach_risk</c> with <paramref name="rows"/> and notifies the assignee and followers of
    /// each ticket that has just become likely to breach (once per crossing: a unique key holds the crossing's time).
    /// </summary>
    Task<BreachRiskOutcome> WriteAsync(IReadOnlyList<BreachRiskRow> rows, double threshold, DateTimeOffset now, CancellationToken cancellationToken);

    Task<TicketBreachRiskView?> GetAsync(Guid ticketId, CancellationToken cancellationToken);

    /// <summary>Tickets created from <paramref name="since"/> to <paramref name="to"/> with a resolution due time, for the backtest.</summary>
    Task<IReadOnlyList<BacktestTicket>> ReadHistoryAsync(DateTimeOffset since, DateTimeOffset to, CancellationToken cancellationToken);

    Task SaveBacktestAsync(StoredBacktest backtest, CancellationToken cancellationToken);

    Task<StoredBacktest?> GetLatestBacktestAsync(CancellationToken cancellationToken);
}
