using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Views;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Views;

/// <summary>
/// Every query of a personal view filters on the owner as well as the id: that filter is what keeps
/// views personal. Every write evicts the cached views and counts (tag <c>views</c>), as a shared
/// view is in everyone's list.
/// </summary>
internal sealed class SavedViewRepository(TicketingDbContext db, ICacheInvalidator cache) : ISavedViewRepository
{
    // The "names are unique per user" index of SavedViewConfiguration, as the migrations name it.
    internal const string NamePerUserIndex = "ix_saved_views_user_id_name";

    public async Task<IReadOnlyList<SavedView>> ListVisibleAsync(string userId, CancellationToken cancellationToken) =>
        await db.SavedViews.AsNoTracking()
            .Where(v => v.UserId == userId || v.IsShared)
            .OrderBy(v => v.Name)
            .ThenBy(v => v.Id)
            .ToListAsync(cancellationToken);

    public Task<SavedView?> FindVisibleAsync(string userId, Guid id, CancellationToken cancellationToken) =>
        db.SavedViews.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id && (v.UserId == userId || v.IsShared), cancellationToken);

    // One statement: the unique index decides, so a duplicate name is an answer, not a database
    // error that would be logged as one, and two saves at once cannot both get through.
    public async Task<SavedViewWrite> AddAsync(SavedView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var added = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO saved_views (id, user_id, name, query_string, is_shared, created_at, updated_at)
            VALUES ({view.Id}, {view.UserId}, {view.Name}, {view.QueryString}, {view.IsShared}, {view.CreatedAt.ToUniversalTime()}, {view.UpdatedAt.ToUniversalTime()})
            ON CONFLICT (user_id, name) DO NOTHING
            """,
            cancellationToken) == 1;
        return added ? await ChangedAsync(SavedViewWrite.Done) : SavedViewWrite.NameTaken;
    }

    public Task<SavedViewWrite> RenameAsync(string userId, Guid id, string name, DateTimeOffset at, CancellationToken cancellationToken) =>
        RenameWhereAsync(db.SavedViews.Where(v => v.UserId == userId && !v.IsShared && v.Id == id), id, name, at, cancellationToken);

    public async Task<bool> DeleteAsync(string userId, Guid id, CancellationToken cancellationToken) =>
        await db.SavedViews.Where(v => v.UserId == userId && !v.IsShared && v.Id == id).ExecuteDeleteAsync(cancellationToken) > 0
        && await ChangedAsync(true);

    public async Task<SavedViewWrite> SetSharedAsync(string userId, Guid id, bool shared, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Sharing: only one's own view. Unsharing: any shared view, which goes back to its owner alone.
        var target = shared
            ? db.SavedViews.Where(v => v.Id == id && v.UserId == userId)
            : db.SavedViews.Where(v => v.Id == id && v.IsShared);
        var updated = await target.ExecuteUpdateAsync(
            s => s.SetProperty(v => v.IsShared, shared).SetProperty(v => v.UpdatedAt, at.ToUniversalTime()), cancellationToken);
        return updated == 0 ? SavedViewWrite.NotFound : await ChangedAsync(SavedViewWrite.Done);
    }

    public Task<SavedViewWrite> RenameSharedAsync(Guid id, string name, DateTimeOffset at, CancellationToken cancellationToken) =>
        RenameWhereAsync(db.SavedViews.Where(v => v.IsShared && v.Id == id), id, name, at, cancellationToken);

    public async Task<bool> DeleteSharedAsync(Guid id, CancellationToken cancellationToken) =>
        await db.SavedViews.Where(v => v.IsShared && v.Id == id).ExecuteDeleteAsync(cancellationToken) > 0
        && await ChangedAsync(true);

    private async Task<SavedViewWrite> RenameWhereAsync(IQueryable<SavedView> target, Guid id, string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var owner = await target.Select(v => v.UserId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return SavedViewWrite.NotFound;
        }

        if (await db.SavedViews.AnyAsync(v => v.UserId == owner && v.Id != id && v.Name == name, cancellationToken))
        {
            return SavedViewWrite.NameTaken;
        }

        try
        {
            var updated = await target
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Name, name).SetProperty(v => v.UpdatedAt, at.ToUniversalTime()), cancellationToken);
            return updated == 0 ? SavedViewWrite.NotFound : await ChangedAsync(SavedViewWrite.Done);
        }
        catch (Exception ex) when (UniqueViolation.Of(ex, NamePerUserIndex))
        {
            // The same name was taken between the check and the update (another tab, say).
            return SavedViewWrite.NameTaken;
        }
    }

    private async Task<T> ChangedAsync<T>(T result)
    {
        await cache.InvalidateAsync(CacheTag.Views);
        return result;
    }
}
