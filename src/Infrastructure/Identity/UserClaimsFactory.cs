using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Identity;

/// <summary>
/// Adds the user's display name to the sign-in cookie, so the header can show it without a query, and
/// the user's remote assignee id: the one an admin set explicitly, or else the id of the remote agent
/// whose e-mail address is the user's (contract 1.1's <c>GET /agents</c>, cached by the sync).
/// </summary>
public sealed class UserClaimsFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    IAgentRepository agents)
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

        var remoteAssigneeId = await RemoteAssigneeIdAsync(user);
        if (remoteAssigneeId is not null)
        {
            identity.AddClaim(new Claim(RemoteAssigneeIdClaim, remoteAssigneeId));
        }

        return identity;
    }

    /// <summary>The admin's explicit choice wins; otherwise the agent matched by e-mail, if exactly one.</summary>
    private async Task<string?> RemoteAssigneeIdAsync(ApplicationUser user)
    {
        if (!string.IsNullOrWhiteSpace(user.RemoteAssigneeId))
        {
            return user.RemoteAssigneeId;
        }

        return string.IsNullOrWhiteSpace(user.Email)
            ? null
            : (await agents.FindActiveByEmailAsync(user.Email, CancellationToken.None))?.Id;
    }
}
