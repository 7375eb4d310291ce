using Ticketing.Domain.Views;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Saved ticket-list views. A personal view is only ever found, renamed or deleted by its owner, so
/// another user's view id behaves as if it did not exist; a shared view is listed for everyone and
/// managed through the <c>Shared*</c> methods, which only admin requests call.
/// </summary>
public interface ISavedViewRepository
{
    /// <summary>The user's own views and every shared view, by name.</summary>
    Task<IReadOnlyList<SavedView>> ListVisibleAsync(string userId, CancellationToken cancellationToken);

    /// <summary>One of the user's own views, or any shared view.</summary>
    Task<SavedView?> FindVisibleAsync(string userId, Guid id, CancellationToken cancellationToken);

    /// <summary>Stores a new view; <see cref="SavedViewWrite.NameTaken"/> when its owner already has one of that name.</summary>
    Task<SavedViewWrite> AddAsync(SavedView view, CancellationToken cancellationToken);

    /// <summary>Renames one of the user's own personal views.</summary>
    Task<SavedViewWrite> RenameAsync(string userId, Guid id, string name, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>False when the user has no personal view with this id.</summary>
    Task<bool> DeleteAsync(string userId, Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Shares a view with everyone (one of the user's own) or makes a shared one personal again (its
    /// owner's); <see cref="SavedViewWrite.NotFound"/> when neither applies.
    /// </summary>
    Task<SavedViewWrite> SetSharedAsync(string userId, Guid id, bool shared, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Renames a shared view, whoever owns it.</summary>
    Task<SavedViewWrite> RenameSharedAsync(Guid id, string name, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes a shared view, whoever owns it; false when there is no shared view with this id.</summary>
    Task<bool> DeleteSharedAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>What a write of a saved view came to.</summary>
public enum SavedViewWrite
{
    Done,
    NotFound,
    NameTaken,
}
