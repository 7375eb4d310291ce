using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;

namespace Ticketing.Application.Admin.Phi.Queries.GetPhiSettings;

/// <summary>The PHI administration page: the rules, the re-classification's progress and who holds access.</summary>
public sealed record GetPhiSettingsQuery : IQuery<PhiSettings>, IAdminRequest;

public sealed record PhiSettings(IReadOnlyList<PhiRule> Rules, PhiReclassification Progress, IReadOnlyList<PhiAccessHolder> Users);

public sealed class GetPhiSettingsHandler(IPhiRuleStore rules, IPhiAccessStore access) : IQueryHandler<GetPhiSettingsQuery, PhiSettings>
{
    public async ValueTask<PhiSettings> Handle(GetPhiSettingsQuery query, CancellationToken cancellationToken) =>
        new(await rules.ListAsync(cancellationToken), await rules.GetProgressAsync(cancellationToken), await access.ListUsersAsync(cancellationToken));
}
