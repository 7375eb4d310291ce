using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage.Queries.GetTriageOverview;

/// <summary>The admin's triage page: the models' history with their metrics, the settings, the acceptance rates and the auto-apply queue with its failures.</summary>
public sealed record GetTriageOverviewQuery(int Count = 30) : IQuery<TriageOverview>, IAdminRequest;

public sealed record TriageOverview(
    IReadOnlyList<TriageModel> History, TriageSettings Settings, IReadOnlyList<TriageAcceptance> Acceptance, TriageArrivalQueue AutoApply);

public sealed class GetTriageOverviewHandler(ITriageModelStore store, ITriageArrivals arrivals) : IQueryHandler<GetTriageOverviewQuery, TriageOverview>
{
    /// <summary>The most auto-apply failures the page lists (newest first).</summary>
    public const int FailuresShown = 50;

    public async ValueTask<TriageOverview> Handle(GetTriageOverviewQuery query, CancellationToken cancellationToken) =>
        new(
            await store.GetHistoryAsync(Math.Clamp(query.Count, 1, 200), cancellationToken),
            await store.GetSettingsAsync(cancellationToken),
            await store.GetAcceptanceAsync(cancellationToken),
            await arrivals.GetQueueAsync(FailuresShown, cancellationToken));
}
