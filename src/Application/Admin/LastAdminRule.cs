using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Users;

namespace Ticketing.Application.Admin;

/// <summary>
/// The app must keep at least one admin who can sign in: otherwise nobody could manage users or the
/// integration again without database access.
/// </summary>
public static class LastAdminRule
{
    public const string DemoteMessage = "This is the last admin who can sign in: make another user an admin before changing this one's role.";
    public const string LockMessage = "This is the last admin who can sign in: make another user an admin before locking this one.";

    /// <summary>Whether changing <paramref name="user"/> to this role and lock state would leave no active admin.</summary>
    public static bool WouldRemoveLastAdmin(AdminUser user, string newRole, bool newLocked, int activeAdmins, DateTimeOffset now) =>
        user.Role == Roles.Admin
        && !user.IsLocked(now)
        && (newRole != Roles.Admin || newLocked)
        && activeAdmins <= 1;
}
