using System.Security.Claims;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Common.Security;
using Ticketing.Application.Phi;
using Ticketing.Domain.Users;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Web.Infrastructure;

/// <summary>
/// The signed-in user of the current request, from the sign-in cookie's claims; or the system, in a
/// scope that background work created as such.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, SystemActor system) : ICurrentUser
{
    // A system scope can run on a flow that still carries the request that started it (a manual sync
    // goes on in the background): it never acts as that request's user.
    private ClaimsPrincipal? Principal =>
        !system.IsSystem && http.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;

    public string? UserId => Principal?.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? DisplayName =>
        Principal is { } user ? user.FindFirstValue(UserClaimsFactory.DisplayNameClaim) ?? user.Identity?.Name : null;

    public string? Email => Principal?.FindFirstValue(ClaimTypes.Email);

    public string? RemoteAssigneeId => Principal?.FindFirstValue(UserClaimsFactory.RemoteAssigneeIdClaim);

    public bool IsAdmin => Principal?.IsInRole(Roles.Admin) == true;

    public bool HasPhiAccess => Principal?.HasClaim(PhiAccess.ClaimType, PhiAccess.ClaimValue) == true;

    public bool IsSystem => system.IsSystem;
}
