using System.Security.Claims;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// One rule that makes two-step sign-in compulsory for some users (admins when the setting says so;
/// PHI access holders). Register each with <c>services.AddScoped&lt;IMfaRequirement, …&gt;()</c>: a
/// signed-in user whom any rule names and who did not sign in with a second step is sent to set it up
/// before anything else (pages) or refused (scripts).
/// </summary>
public interface IMfaRequirement
{
    /// <summary>Why <paramref name="user"/> must use two-step sign-in, in words for them; null when this rule does not ask it.</summary>
    ValueTask<string?> ReasonAsync(ClaimsPrincipal user, CancellationToken cancellationToken);
}
