using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Account.Queries.GetMfaStatus;

/// <summary>The signed-in user's own two-step sign-in: on or off, and how many recovery codes are left.</summary>
public sealed record GetMfaStatusQuery : IQuery<MfaStatus>;

public sealed class GetMfaStatusHandler(IMfaAccounts accounts, ICurrentUser currentUser) : IQueryHandler<GetMfaStatusQuery, MfaStatus>
{
    public async ValueTask<MfaStatus> Handle(GetMfaStatusQuery query, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId ?? throw new ForbiddenAccessException();
        return await accounts.GetStatusAsync(userId, cancellationToken) ?? throw new NotFoundException("User", userId);
    }
}
