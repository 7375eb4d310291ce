using Ticketing.Domain.Users;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>Users' display preferences, one row per user who changed any.</summary>
public interface IUserPreferencesRepository
{
    Task<UserPreferences?> FindAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Stores the user's preferences, replacing what they had.</summary>
    Task SaveAsync(UserPreferences preferences, CancellationToken cancellationToken);
}
