namespace Ticketing.Application.Common.Interfaces;

/// <summary>The app's accounts as administration sees them (Identity lives in Infrastructure).</summary>
public interface IAdminUserDirectory
{
    Task<IReadOnlyList<AdminUser>> ListAsync(CancellationToken cancellationToken);

    Task<AdminUser?> FindAsync(string userId, CancellationToken cancellationToken);

    Task<bool> EmailExistsAsync(string email, CancellationToken cancellationToken);

    /// <summary>How many admins can sign in now (not locked).</summary>
    Task<int> CountActiveAdminsAsync(CancellationToken cancellationToken);

    /// <summary>Creates an account that must choose its own password at its first sign-in.</summary>
    Task<AdminUserResult> CreateAsync(NewAdminUser user, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the changes to one account. The last-admin rule is checked again inside, serialised with
    /// other changes, so two admins demoting each other at once cannot leave none.
    /// </summary>
    Task<AdminUserResult> UpdateAsync(AdminUserUpdate update, CancellationToken cancellationToken);

    /// <summary>Changes the user's own password (the current one is checked) and clears "must change password".</summary>
    Task<AdminUserResult> ChangePasswordAsync(string userId, string currentPassword, string newPassword, CancellationToken cancellationToken);
}

public sealed record AdminUser(
    string Id,
    string Email,
    string? DisplayName,
    string Role,
    DateTimeOffset? LockedUntil,
    string? RemoteAssigneeId,
    DateTimeOffset? LastSignInAt,
    DateTimeOffset CreatedAt,
    bool MustChangePassword)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Locked by an admin (for good) rather than for a while after failed sign-ins.</summary>
    public bool IsLockedByAdmin => LockedUntil is { Year: >= 9999 };
}

public sealed record NewAdminUser(string Email, string DisplayName, string Role, string TemporaryPassword, string? RemoteAssigneeId)
{
    /// <summary>Never prints the password, wherever a record is turned into text.</summary>
    public override string ToString() => $"NewAdminUser {{ Role = {Role} }}";
}

/// <summary>The account's fields as they should be after the change.</summary>
public sealed record AdminUserUpdate(string UserId, string? DisplayName, string Role, bool Locked, string? RemoteAssigneeId);

/// <summary>
/// The outcome of a change: errors by the request's field name (as Identity reports password rules,
/// for example), or the id of the account.
/// </summary>
public sealed record AdminUserResult(string? UserId, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static AdminUserResult Ok(string userId) => new(userId, new Dictionary<string, string[]>());

    public static AdminUserResult Fail(string field, params string[] messages) =>
        new(null, new Dictionary<string, string[]> { [field] = messages });
}
