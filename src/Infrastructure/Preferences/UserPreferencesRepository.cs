using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Users;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Preferences;

/// <summary>One row per user; a save replaces it in one statement and evicts the cached preferences.</summary>
internal sealed class UserPreferencesRepository(TicketingDbContext db, ICacheInvalidator cache) : IUserPreferencesRepository
{
    public Task<UserPreferences?> FindAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<UserPreferences>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);

    public async Task SaveAsync(UserPreferences preferences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preferences);

        // An upsert, so two tabs saving at once cannot collide on the key.
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO user_preferences (user_id, list_density, list_columns, kpis_collapsed, updated_at)
            VALUES ({preferences.UserId}, {WireName<ListDensity>.Of(preferences.ListDensity)}, {preferences.ListColumns}, {preferences.KpisCollapsed}, {preferences.UpdatedAt.ToUniversalTime()})
            ON CONFLICT (user_id) DO UPDATE SET
                list_density = excluded.list_density,
                list_columns = excluded.list_columns,
                kpis_collapsed = excluded.kpis_collapsed,
                updated_at = excluded.updated_at
            """,
            cancellationToken);
        await cache.InvalidateAsync(CacheTag.Preferences);
    }
}
