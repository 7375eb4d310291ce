using Ticketing.Domain.Views;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Users' saved ticket-list views. Every method takes the owner's id: a view is only ever found,
/// renamed or deleted by its owner, so another user's view id behaves as if it did not exist.
/// </summary>
public interface ISavedViewRepository
{
    /// <summary>The user's views, by name.</summary>
    Task<IReadOnlyList<SavedView>> ListAsync(string userId, CancellationToken cancellationToken);

    Task<SavedView?> FindAsync(string userId, Guid id, CancellationToken cancellationToken);

    /// <summary>Stores a new view; <see cref="SavedViewWrite.NameTaken"/> when its owner already has one of that name.</summary>
    Task<SavedViewWrite> AddAsync(SavedView view, CancellationToken cancellationToken);

    Task<SavedViewWrite> RenameAsync(string userId, Guid id, string name, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>False when the user has no view with this id.</summary>
    Task<bool> DeleteAsync(string userId, Guid id, CancellationToken cancellationToken);
}

/// <summary>What a write of a saved view came to.</summary>
public enum SavedViewWrite
{
    Done,
    NotFound,
    NameTaken,
}
