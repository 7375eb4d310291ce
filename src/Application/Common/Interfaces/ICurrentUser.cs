namespace Ticketing.Application.Common.Interfaces;

/// <summary>Who sends the current request, as the use cases need them.</summary>
public interface ICurrentUser
{
    /// <summary>Null outside a signed-in request (jobs, background loops, the command line).</summary>
    string? UserId { get; }

    /// <summary>
    /// The name others see for this user (their display name, else their user name): the author of
    /// their comments and the requester of the tickets they file. Null without a signed-in user.
    /// </summary>
    string? DisplayName { get; }

    /// <summary>The signed-in user's e-mail address, for the same purposes; null without one.</summary>
    string? Email { get; }

    /// <summary>The remote's assignee id of this user, when an admin has set it.</summary>
    string? RemoteAssigneeId { get; }

    /// <summary>A signed-in user in the admin role; never the system.</summary>
    bool IsAdmin { get; }

    /// <summary>
    /// The user holds the PHI access permission (issue 17): they read PHI tickets whole. Admins do not
    /// hold it by being admins; an admin grants it (to themselves too), audited.
    /// </summary>
    bool HasPhiAccess { get; }

    /// <summary>
    /// Background work in a scope made by <see cref="Security.SystemScopes"/>: no user at all. False for
    /// any request of a person, and for a scope nobody marked.
    /// </summary>
    bool IsSystem { get; }
}
