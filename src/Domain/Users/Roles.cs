namespace Ticketing.Domain.Users;

/// <summary>
/// The roles a dashboard user can hold, as stored in the Identity <c>roles</c> table and carried in the
/// sign-in cookie. Admins manage users, the integration and jobs; staff work the tickets.
/// </summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";

    public static readonly IReadOnlyList<string> All = [Admin, Staff];
}
