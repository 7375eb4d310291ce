using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Infrastructure.Identity;
using Ticketing.Domain.Users;

namespace Ticketing.Infrastructure.Seeding;

/// <summary>
/// Creates the roles, the first admin (from configuration, only when no admin exists) and, in demo
/// mode, two staff users. Idempotent. Passwords are never logged.
/// </summary>
public sealed class IdentitySeeder(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<SeedOptions> options,
    TimeProvider clock,
    ILogger<IdentitySeeder> logger)
{
    /// <summary>The demo staff users: email, display name, remote assignee id.</summary>
    public static readonly IReadOnlyList<(string Email, string Name, string RemoteAssigneeId)> DemoStaff =
    [
        ("alex.morgan@demo.local", "Alex Morgan", "agt_1"),
        ("sam.ito@demo.local", "Sam Ito", "agt_2"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                EnsureSucceeded(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        var seed = options.Value;
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (admins.Count == 0)
        {
            if (string.IsNullOrWhiteSpace(seed.AdminEmail) || string.IsNullOrWhiteSpace(seed.AdminPassword))
            {
                logger.LogWarning("No admin exists and Ticketing:Seed:AdminEmail / AdminPassword are not set: nobody can administer the app yet");
            }
            else
            {
                await EnsureUserAsync(seed.AdminEmail, "Administrator", seed.AdminPassword, Roles.Admin, remoteAssigneeId: null);
                logger.LogInformation("Created the first admin account");
            }
        }

        if (seed.Demo && !string.IsNullOrWhiteSpace(seed.DemoStaffPassword))
        {
            foreach (var (email, name, remoteId) in DemoStaff)
            {
                await EnsureUserAsync(email, name, seed.DemoStaffPassword, Roles.Staff, remoteId);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task EnsureUserAsync(string email, string displayName, string password, string role, string? remoteAssigneeId)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = displayName,
                RemoteAssigneeId = remoteAssigneeId,
                CreatedAt = clock.GetUtcNow(),
                LockoutEnabled = true,
            };
            EnsureSucceeded(await users.CreateAsync(user, password), "create a seeded user");
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            EnsureSucceeded(await users.AddToRoleAsync(user, role), "add a seeded user to its role");
        }
    }

    private static void EnsureSucceeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
