using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Ticketing.Application.Phi;
using Ticketing.Domain.Users;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Infrastructure.Phi;

/// <summary>
/// The PHI access permission is an Identity user claim (<see cref="PhiAccess.ClaimType"/>), so it rides in
/// the sign-in cookie; break-glass grants are rows of <c>phi_break_glass</c>.
/// </summary>
internal sealed class PhiAccessStore(UserManager<ApplicationUser> users, NpgsqlDataSource dataSource) : IPhiAccessStore
{
    public async Task<IReadOnlyList<PhiAccessHolder>> ListUsersAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT u.id, coalesce(u.email, u.user_name, u.id), u.display_name,
                   EXISTS (SELECT 1 FROM user_claims c WHERE c.user_id = u.id AND c.claim_type = @type AND c.claim_value = @value),
                   EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = @admin)
            FROM users u
            ORDER BY lower(coalesce(u.email, u.user_name, u.id))
            """);
        command.Parameters.AddWithValue("type", PhiAccess.ClaimType);
        command.Parameters.AddWithValue("value", PhiAccess.ClaimValue);
        command.Parameters.AddWithValue("admin", Roles.Admin);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var holders = new List<PhiAccessHolder>();
        while (await reader.ReadAsync(cancellationToken))
        {
            holders.Add(new PhiAccessHolder(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4)));
        }

        return holders;
    }

    public async Task<PhiAccessHolder?> SetAsync(string userId, bool hasAccess, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return null;
        }

        var held = (await users.GetClaimsAsync(user)).Where(c => c.Type == PhiAccess.ClaimType).ToList();
        if (hasAccess && held.Count == 0)
        {
            Check(await users.AddClaimAsync(user, new Claim(PhiAccess.ClaimType, PhiAccess.ClaimValue)));
        }
        else if (!hasAccess && held.Count > 0)
        {
            Check(await users.RemoveClaimsAsync(user, held));
        }

        // The session re-reads its claims at its next validation instead of keeping the old permission.
        Check(await users.UpdateSecurityStampAsync(user));
        return new PhiAccessHolder(user.Id, user.Email ?? user.UserName ?? user.Id, user.DisplayName, hasAccess, await users.IsInRoleAsync(user, Roles.Admin));
    }

    public async Task<bool> HasAccessAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM user_claims WHERE user_id = @user AND claim_type = @type AND claim_value = @value)");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("type", PhiAccess.ClaimType);
        command.Parameters.AddWithValue("value", PhiAccess.ClaimValue);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<DateTimeOffset?> BreakGlassUntilAsync(string userId, Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await BreakGlassGrantsAsync(userId, [ticketId], now, cancellationToken)).TryGetValue(ticketId, out var until) ? until : null;

    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> BreakGlassGrantsAsync(
        string userId, IReadOnlyCollection<Guid> ticketIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grants = new Dictionary<Guid, DateTimeOffset>();
        if (ticketIds.Count == 0)
        {
            return grants;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT ticket_id, max(expires_at) FROM phi_break_glass
            WHERE user_id = @user AND ticket_id = ANY (@tickets) AND expires_at > @now
            GROUP BY ticket_id
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("tickets", ticketIds.ToArray());
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            grants[reader.GetGuid(0)] = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
        }

        return grants;
    }

    public async Task AddBreakGlassAsync(string userId, Guid ticketId, string reason, DateTimeOffset grantedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO phi_break_glass (user_id, ticket_id, reason, granted_at, expires_at) VALUES (@user, @ticket, @reason, @granted, @expires)");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("ticket", ticketId);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("granted", grantedAt.ToUniversalTime());
        command.Parameters.AddWithValue("expires", expiresAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> AdminUserIdsAsync(CancellationToken cancellationToken) =>
        [.. (await users.GetUsersInRoleAsync(Roles.Admin)).Select(u => u.Id)];

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The PHI access permission could not be saved: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
