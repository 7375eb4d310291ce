using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Users;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Identity;

internal sealed class SecuritySettingsStore(TicketingDbContext db, TimeProvider clock) : ISecuritySettingsStore
{
    public async Task<SecuritySettingsView> GetAsync(CancellationToken cancellationToken)
    {
        var row = await db.Set<SecuritySettings>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == SecuritySettings.SingletonId, cancellationToken);
        return new SecuritySettingsView(row?.RequireMfaForAdmins ?? false);
    }

    public async Task SaveAsync(bool requireMfaForAdmins, string? updatedBy, CancellationToken cancellationToken)
    {
        // One statement, so two admins saving at once cannot both insert the first row.
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO security_settings (id, require_mfa_for_admins, updated_at, updated_by)
            VALUES ({SecuritySettings.SingletonId}, {requireMfaForAdmins}, {clock.GetUtcNow()}, {updatedBy})
            ON CONFLICT (id) DO UPDATE SET require_mfa_for_admins = EXCLUDED.require_mfa_for_admins,
                updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            """,
            cancellationToken);
    }
}
