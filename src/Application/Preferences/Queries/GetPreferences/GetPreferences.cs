using System.ComponentModel;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Users;

namespace Ticketing.Application.Preferences.Queries.GetPreferences;

/// <summary>
/// The signed-in user's display preferences, or the defaults. Read by every list page, so cached per
/// user until they change them (their repository evicts), and at most 10 minutes.
/// </summary>
public sealed record GetPreferencesQuery(bool Fresh = false) : ICachedQuery<PreferencesView>
{
    private static readonly string[] Tags = [CacheTag.Preferences];

    public string CacheKey => "mine";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(10);

    public CacheScope Scope => CacheScope.PerUser;
}

/// <summary>Preferences as the pages use them: <see cref="ListColumns"/> is always the resolved set of visible optional columns.</summary>
[ImmutableObject(true)]
public sealed record PreferencesView(ListDensity ListDensity, IReadOnlyList<string> ListColumns, bool KpisCollapsed)
{
    public static PreferencesView Defaults { get; } = new(ListDensity.Comfortable, Preferences.ListColumns.Defaults, false);

    public bool Shows(string column) => ListColumns.Contains(column);

    public static PreferencesView Of(UserPreferences? stored) =>
        stored is null
            ? Defaults
            : new(stored.ListDensity, Preferences.ListColumns.Resolve(stored.ListColumns), stored.KpisCollapsed);
}

public sealed class GetPreferencesHandler(IUserPreferencesRepository preferences, ICurrentUser user)
    : IQueryHandler<GetPreferencesQuery, PreferencesView>
{
    public async ValueTask<PreferencesView> Handle(GetPreferencesQuery query, CancellationToken cancellationToken) =>
        user.UserId is { } userId
            ? PreferencesView.Of(await preferences.FindAsync(userId, cancellationToken))
            : PreferencesView.Defaults;
}
