using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Queries.GetUsers;

/// <summary>Every account, by email.</summary>
public sealed record GetUsersQuery : IQuery<IReadOnlyList<AdminUser>>, IAdminRequest;

public sealed class GetUsersHandler(IAdminUserDirectory users) : IQueryHandler<GetUsersQuery, IReadOnlyList<AdminUser>>
{
    public async ValueTask<IReadOnlyList<AdminUser>> Handle(GetUsersQuery query, CancellationToken cancellationToken) =>
        await users.ListAsync(cancellationToken);
}
