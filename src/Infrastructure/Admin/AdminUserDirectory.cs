using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Admin;
using Ticketing.Application.Account.Commands.ChangePassword;
using Ticketing.Application.Admin.Commands.CreateUser;
using Ticketing.Application.Admin.Commands.UpdateUser;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Identity;
using Ticketing.Infrastructure.Persistence;
using Ticketing.Domain.Users;

namespace Ticketing.Infrastructure.Admin;

internal sealed class AdminUserDirectory(UserManager<ApplicationUser> users, TicketingDbContext db, TimeProvider clock) : IAdminUserDirectory
{
    public async Task<IReadOnlyList<AdminUser>> ListAsync(CancellationToken cancellationToken)
    {
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var admins = await AdminIdsAsync(cancellationToken);
        return [.. accounts.Select(u => ToAdminUser(u, admins.Contains(u.Id)))];
    }

    public async Task<AdminUser?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? null : ToAdminUser(user, (await AdminIdsAsync(cancellationToken)).Contains(user.Id));
    }

    public async Task<bool> EmailExistsAsync(string email, CancellationToken cancellationToken) =>
        await users.FindByEmailAsync(email) is not null;

    public async Task<int> CountActiveAdminsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var adminRoleId = await AdminRoleIdAsync(cancellationToken);
        return await db.UserRoles
            .Where(r => r.RoleId == adminRoleId)
            .Join(db.Users, r => r.UserId, u => u.Id, (_, u) => u)
            .CountAsync(u => u.LockoutEnd == null || u.LockoutEnd <= now, cancellationToken);
    }

    public async Task<AdminUserResult> CreateAsync(NewAdminUser user, CancellationToken cancellationToken)
    {
        var account = new ApplicationUser
        {
            UserName = user.Email,
            Email = user.Email,
            // An admin vouches for the address; there is no self-registration to confirm.
            EmailConfirmed = true,
            DisplayName = user.DisplayName,
            RemoteAssigneeId = user.RemoteAssigneeId,
            CreatedAt = clock.GetUtcNow(),
            LockoutEnabled = true,
            MustChangePassword = true,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(account, user.TemporaryPassword);
        if (!created.Succeeded)
        {
            return Fail(created, nameof(CreateUserCommand.TemporaryPassword));
        }

        var role = await users.AddToRoleAsync(account, user.Role);
        if (!role.Succeeded)
        {
            return Fail(role, nameof(CreateUserCommand.Role));
        }

        await transaction.CommitAsync(cancellationToken);
        return AdminUserResult.Ok(account.Id);
    }

    public async Task<AdminUserResult> UpdateAsync(AdminUserUpdate update, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.UserAdministration})", cancellationToken);

        var account = await users.FindByIdAsync(update.UserId);
        if (account is null)
        {
            return AdminUserResult.Fail(string.Empty, "This user no longer exists.");
        }

        var now = clock.GetUtcNow();
        var current = ToAdminUser(account, await users.IsInRoleAsync(account, Roles.Admin));
        // Checked again under the lock: the validator's check could have raced another admin's change.
        if (LastAdminRule.WouldRemoveLastAdmin(current, update.Role, update.Locked, await CountActiveAdminsAsync(cancellationToken), now))
        {
            return update.Role != Roles.Admin
                ? AdminUserResult.Fail(nameof(UpdateUserCommand.Role), LastAdminRule.DemoteMessage)
                : AdminUserResult.Fail(nameof(UpdateUserCommand.Locked), LastAdminRule.LockMessage);
        }

        var signOutElsewhere = false;
        if (current.Role != update.Role)
        {
            var others = (await users.GetRolesAsync(account)).Where(r => r != update.Role).ToList();
            if (others.Count > 0 && await users.RemoveFromRolesAsync(account, others) is { Succeeded: false } removed)
            {
                return Fail(removed, nameof(UpdateUserCommand.Role));
            }

            if (await users.AddToRoleAsync(account, update.Role) is { Succeeded: false } added)
            {
                return Fail(added, nameof(UpdateUserCommand.Role));
            }

            signOutElsewhere = true;
        }

        if (current.IsLocked(now) != update.Locked)
        {
            if (update.Locked)
            {
                await users.SetLockoutEnabledAsync(account, true);
                await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
                signOutElsewhere = true;
            }
            else
            {
                await users.SetLockoutEndDateAsync(account, null);
                await users.ResetAccessFailedCountAsync(account);
            }
        }

        account.DisplayName = update.DisplayName;
        account.RemoteAssigneeId = update.RemoteAssigneeId;
        if (signOutElsewhere)
        {
            // The role is in the sign-in cookie and a lock must end open sessions: a new security stamp
            // makes every session of this user check in again (SecurityStampValidator, within a minute).
            await users.UpdateSecurityStampAsync(account);
        }
        else if (await users.UpdateAsync(account) is { Succeeded: false } saved)
        {
            return Fail(saved, string.Empty);
        }

        await transaction.CommitAsync(cancellationToken);
        return AdminUserResult.Ok(account.Id);
    }

    public async Task<AdminUserResult> ChangePasswordAsync(string userId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var account = await users.FindByIdAsync(userId);
        if (account is null)
        {
            return AdminUserResult.Fail(string.Empty, "Your account no longer exists.");
        }

        var changed = await users.ChangePasswordAsync(account, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                ? AdminUserResult.Fail(nameof(ChangePasswordCommand.CurrentPassword), "Your current password is not right.")
                : Fail(changed, nameof(ChangePasswordCommand.NewPassword));
        }

        if (account.MustChangePassword)
        {
            account.MustChangePassword = false;
            if (await users.UpdateAsync(account) is { Succeeded: false } saved)
            {
                return Fail(saved, string.Empty);
            }
        }

        return AdminUserResult.Ok(account.Id);
    }

    private async Task<string?> AdminRoleIdAsync(CancellationToken cancellationToken) =>
        await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<HashSet<string>> AdminIdsAsync(CancellationToken cancellationToken)
    {
        var adminRoleId = await AdminRoleIdAsync(cancellationToken);
        return [.. await db.UserRoles.Where(r => r.RoleId == adminRoleId).Select(r => r.UserId).ToListAsync(cancellationToken)];
    }

    private static AdminUser ToAdminUser(ApplicationUser user, bool isAdmin) =>
        new(
            user.Id,
            user.Email ?? user.UserName ?? "",
            user.DisplayName,
            isAdmin ? Roles.Admin : Roles.Staff,
            user.LockoutEnd,
            user.RemoteAssigneeId,
            user.LastSignInAt,
            user.CreatedAt,
            user.MustChangePassword);

    /// <summary>Identity's errors under the form field they are about: email, password, or the given one.</summary>
    private static AdminUserResult Fail(IdentityResult result, string defaultField) =>
        new(null, result.Errors
            .GroupBy(e => FieldOf(e.Code, defaultField), e => e.Description)
            .ToDictionary(g => g.Key, g => g.ToArray()));

    private static string FieldOf(string code, string defaultField) =>
        code.StartsWith("Password", StringComparison.Ordinal) && code != nameof(IdentityErrorDescriber.PasswordMismatch) ? defaultField
        : code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) ? nameof(CreateUserCommand.Email)
        : defaultField;
}
