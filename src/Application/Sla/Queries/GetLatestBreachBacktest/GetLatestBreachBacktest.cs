using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla.Prediction;

namespace Ticketing.Application.Sla.Queries.GetLatestBreachBacktest;

/// <summary>The last breach-prediction backtest (for the SLA admin page); null before the first run.</summary>
public sealed record GetLatestBreachBacktestQuery : IQuery<StoredBacktest?>, IAdminRequest;

public sealed class GetLatestBreachBacktestHandler(IBreachRiskStore store) : IQueryHandler<GetLatestBreachBacktestQuery, StoredBacktest?>
{
    public async ValueTask<StoredBacktest?> Handle(GetLatestBreachBacktestQuery query, CancellationToken cancellationToken) =>
        await store.GetLatestBacktestAsync(cancellationToken);
}
