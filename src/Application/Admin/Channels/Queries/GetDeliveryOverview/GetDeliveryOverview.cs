using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Admin.Channels.Queries.GetDeliveryOverview;

/// <summary>The e-mail and chat queues for admins: what waits, what failed and why, and what the IT mailbox read lately.</summary>
public sealed record GetDeliveryOverviewQuery : IQuery<DeliveryOverviewView>, IAdminRequest;

public sealed record DeliveryOverviewView(DeliveryOverview Queues, IReadOnlyList<InboundEmail> RecentInbound);

public sealed class GetDeliveryOverviewHandler(IDeliveryMonitor monitor, IInboundEmailStore inbound) : IQueryHandler<GetDeliveryOverviewQuery, DeliveryOverviewView>
{
    public const int Failures = 50;
    public const int Inbound = 20;

    public async ValueTask<DeliveryOverviewView> Handle(GetDeliveryOverviewQuery query, CancellationToken cancellationToken) =>
        new(await monitor.GetOverviewAsync(Failures, cancellationToken), await inbound.GetRecentAsync(Inbound, cancellationToken));
}
