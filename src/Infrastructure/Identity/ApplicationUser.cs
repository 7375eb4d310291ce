using Microsoft.AspNetCore.Identity;

namespace Ticketing.Infrastructure.Identity;

/// <summary>A staff member or admin of the dashboard.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>The remote's assignee id for this person, so assignments reach their inbox.</summary>
    public string? RemoteAssigneeId { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when an admin gave a temporary password: the user chooses their own at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }
}
