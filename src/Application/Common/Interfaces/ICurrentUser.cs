namespace Ticketing.Application.Common.Interfaces;

/// <summary>The signed-in user, as the use cases need them.</summary>
public interface ICurrentUser
{
    /// <summary>Null outside a signed-in request (jobs, the command line).</summary>
    string? UserId { get; }

    /// <summary>The remote's assignee id of this user, when an admin has set it.</summary>
    string? RemoteAssigneeId { get; }

    bool IsAdmin { get; }
}
