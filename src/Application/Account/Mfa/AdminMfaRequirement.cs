using System.Security.Claims;
using Mediator;
using Ticketing.Application.Account.Queries.GetMfaPolicy;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Users;

namespace Ticketing.Application.Account.Mfa;

/// <summary>Admins must use two-step sign-in when an admin turned "require two-step sign-in for administrators" on.</summary>
public sealed class AdminMfaRequirement(ISender sender) : IMfaRequirement
{
    public const string Reason = "Administrators must use two-step sign-in.";

    public async ValueTask<string?> ReasonAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(Roles.Admin))
        {
            return null;
        }

        var policy = await sender.Send(new GetMfaPolicyQuery(), cancellationToken);
        return policy.RequireMfaForAdmins ? Reason : null;
    }
}
