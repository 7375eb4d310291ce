namespace Ticketing.Application.Common.Interfaces;

/// <summary>Who sends the current request, as the use cases need them.</summary>
public interface ICurrentUser
{
    /// <summary>Null outside a signed-in request (jobs, background loops, the command line).</summary>
    string? UserId { get; }

    /// <summary>The remote's assignee id of this user, when an admin has set it.</summary>
    string? RemoteAssigneeId { get; }

    /// <summary>A signed-in user in the admin role; never the system.</summary>
    bool IsAdmin { get; }

    /// <summary>
    /// Background work in a scope made by <see cref="Security.SystemScopes"/>: no user at all. False for
    /// any request of a person, and for a scope nobody marked.
    /// </summary>
    bool IsSystem { get; }
}
