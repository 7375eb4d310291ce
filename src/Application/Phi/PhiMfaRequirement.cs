using System.Security.Claims;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Phi;

/// <summary>
/// Whoever may read protected health information signs in with a second step, always (HIPAA person
/// authentication, 45 CFR 164.312(d)): a holder of the PHI access permission without it is sent to set
/// it up before any page. Break-glass does not count as holding it: it is one ticket for 30 minutes.
/// </summary>
public sealed class PhiMfaRequirement : IMfaRequirement
{
    public const string Reason = "People with access to protected health information must use two-step sign-in.";

    public ValueTask<string?> ReasonAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ValueTask.FromResult(user.HasClaim(PhiAccess.ClaimType, PhiAccess.ClaimValue) ? Reason : null);
    }
}
