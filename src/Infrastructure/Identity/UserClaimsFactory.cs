using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ticketing.Infrastructure.Identity;

/// <summary>Adds the user's display name to the sign-in cookie, so the header can show it without a query.</summary>
public sealed class UserClaimsFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";
    public const string RemoteAssigneeIdClaim = "remote_assignee_id";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        }

        if (!string.IsNullOrWhiteSpace(user.RemoteAssigneeId))
        {
            identity.AddClaim(new Claim(RemoteAssigneeIdClaim, user.RemoteAssigneeId));
        }

        return identity;
    }
}
