using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Hybrid;

namespace Ticketing.Application.Common.Caching;

/// <summary>
/// Invalidation by tag, race-free: each tag has a version the caching behaviour puts in its keys,
/// and HybridCache's own tag eviction drops what was stored. The version is what makes a load that
/// began before a change harmless: HybridCache would store its older answer re-dated as current, but
/// under a key no later read asks for.
/// </summary>
public sealed class CacheInvalidator(HybridCache cache) : ICacheInvalidator
{
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);

    /// <summary>A number that grows whenever any of <paramref name="tags"/> is invalidated (in this process).</summary>
    public long VersionOf(IReadOnlyList<string> tags)
    {
        long version = 0;
        foreach (var tag in tags)
        {
            version += _versions.GetValueOrDefault(tag);
        }

        return version;
    }

    public async ValueTask InvalidateAsync(params string[] tags)
    {
        foreach (var tag in tags)
        {
            _versions.AddOrUpdate(tag, 1, static (_, version) => version + 1);
        }

        await cache.RemoveByTagAsync(tags, CancellationToken.None);
    }
}
