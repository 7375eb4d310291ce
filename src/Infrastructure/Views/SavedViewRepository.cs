using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Views;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Views;

/// <summary>
/// Every query filters on the owner as well as the id: that filter is what keeps views personal. Every
/// write that changed a view evicts that user's cached list (<see cref="CacheTag.SavedViews"/>).
/// </summary>
internal sealed class SavedViewRepository(TicketingDbContext db, ICacheInvalidator cache) : ISavedViewRepository
{
    // The "names are unique per user" index of SavedViewConfiguration, as the migrations name it.
    internal const string NamePerUserIndex = "ix_saved_views_user_id_name";

    public async Task<IReadOnlyList<SavedView>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.SavedViews.AsNoTracking()
            .Where(v => v.UserId == userId)
            .OrderBy(v => v.Name)
            .ThenBy(v => v.Id)
            .ToListAsync(cancellationToken);

    public Task<SavedView?> FindAsync(string userId, Guid id, CancellationToken cancellationToken) =>
        db.SavedViews.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id && v.UserId == userId, cancellationToken);

    // One statement: the unique index decides, so a duplicate name is an answer, not a database
    // error that would be logged as one, and two saves at once cannot both get through.
    public async Task<SavedViewWrite> AddAsync(SavedView view, CancellationToken cancellationToken) =>
        await EvictedIfChangedAsync(view.UserId, await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO saved_views (id, user_id, name, query_string, created_at, updated_at)
            VALUES ({view.Id}, {view.UserId}, {view.Name}, {view.QueryString}, {view.CreatedAt.ToUniversalTime()}, {view.UpdatedAt.ToUniversalTime()})
            ON CONFLICT (user_id, name) DO NOTHING
            """,
            cancellationToken)) == 1
            ? SavedViewWrite.Done
            : SavedViewWrite.NameTaken;

    public async Task<SavedViewWrite> RenameAsync(string userId, Guid id, string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var mine = db.SavedViews.Where(v => v.UserId == userId);
        if (!await mine.AnyAsync(v => v.Id == id, cancellationToken))
        {
            return SavedViewWrite.NotFound;
        }

        if (await mine.AnyAsync(v => v.Id != id && v.Name == name, cancellationToken))
        {
            return SavedViewWrite.NameTaken;
        }

        try
        {
            var updated = await mine
                .Where(v => v.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Name, name).SetProperty(v => v.UpdatedAt, at.ToUniversalTime()), cancellationToken);
            return await EvictedIfChangedAsync(userId, updated) == 0 ? SavedViewWrite.NotFound : SavedViewWrite.Done;
        }
        catch (Exception ex) when (UniqueViolation.Of(ex, NamePerUserIndex))
        {
            // The same name was taken between the check and the update (another tab, say).
            return SavedViewWrite.NameTaken;
        }
    }

    public async Task<bool> DeleteAsync(string userId, Guid id, CancellationToken cancellationToken) =>
        await EvictedIfChangedAsync(userId, await db.SavedViews.Where(v => v.UserId == userId && v.Id == id).ExecuteDeleteAsync(cancellationToken)) > 0;

    private async Task<int> EvictedIfChangedAsync(string userId, int rows)
    {
        if (rows > 0)
        {
            await cache.InvalidateForUsersAsync(CacheTag.SavedViews, [userId]);
        }

        return rows;
    }
}
