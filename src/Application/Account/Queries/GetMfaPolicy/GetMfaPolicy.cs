using System.ComponentModel;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Account.Queries.GetMfaPolicy;

/// <summary>
/// Whether admins must use two-step sign-in. Asked on every request of an admin who signed in without
/// a second step, so it is cached (shared) until the setting changes, and at most a minute (another instance).
/// </summary>
public sealed record GetMfaPolicyQuery(bool Fresh = false) : ICachedQuery<MfaPolicy>
{
    /// <summary>The security settings row; evicted by <c>UpdateSecuritySettingsCommand</c>.</summary>
    public const string Tag = "security-settings";

    private static readonly string[] Tags = [Tag];

    public string CacheKey => "mfa-policy";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(1);

    public CacheScope Scope => CacheScope.Shared;
}

[ImmutableObject(true)]
public sealed record MfaPolicy(bool RequireMfaForAdmins);

public sealed class GetMfaPolicyHandler(ISecuritySettingsStore settings) : IQueryHandler<GetMfaPolicyQuery, MfaPolicy>
{
    public async ValueTask<MfaPolicy> Handle(GetMfaPolicyQuery query, CancellationToken cancellationToken) =>
        new((await settings.GetAsync(cancellationToken)).RequireMfaForAdmins);
}
