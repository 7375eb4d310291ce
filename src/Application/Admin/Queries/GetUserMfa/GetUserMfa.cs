using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Queries.GetUserMfa;

/// <summary>Whether an account uses two-step sign-in, for the admin's user page.</summary>
public sealed record GetUserMfaQuery(string UserId) : IQuery<MfaStatus>, IAdminRequest;

public sealed class GetUserMfaHandler(IMfaAccounts accounts) : IQueryHandler<GetUserMfaQuery, MfaStatus>
{
    public async ValueTask<MfaStatus> Handle(GetUserMfaQuery query, CancellationToken cancellationToken) =>
        await accounts.GetStatusAsync(query.UserId, cancellationToken) ?? throw new NotFoundException("User", query.UserId);
}
