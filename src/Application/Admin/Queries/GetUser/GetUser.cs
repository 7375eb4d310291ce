using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Queries.GetUser;

/// <summary>One account; an unknown id is not found.</summary>
public sealed record GetUserQuery(string Id) : IQuery<AdminUser>, IAdminRequest;

public sealed class GetUserHandler(IAdminUserDirectory users) : IQueryHandler<GetUserQuery, AdminUser>
{
    public async ValueTask<AdminUser> Handle(GetUserQuery query, CancellationToken cancellationToken) =>
        await users.FindAsync(query.Id, cancellationToken) ?? throw new NotFoundException("User", query.Id);
}
