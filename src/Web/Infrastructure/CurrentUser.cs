using System.Security.Claims;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Identity;
using Ticketing.Domain.Users;

namespace Ticketing.Web.Infrastructure;

/// <summary>The signed-in user of the current request, from the sign-in cookie's claims.</summary>
public sealed class CurrentUser(IHttpContextAccessor http) : ICurrentUser
{
    private ClaimsPrincipal? Principal => http.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;

    public string? UserId => Principal?.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? RemoteAssigneeId => Principal?.FindFirstValue(UserClaimsFactory.RemoteAssigneeIdClaim);

    public bool IsAdmin => Principal?.IsInRole(Roles.Admin) == true;
}
