using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Queries.GetUsers;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Web.Pages.Admin.Users;

/// <summary>Every account with its role, lock and remote assignee id.</summary>
public sealed class IndexModel(ISender sender, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AdminUser> Users { get; private set; } = [];

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Users = await sender.Send(new GetUsersQuery(), cancellationToken);
}
