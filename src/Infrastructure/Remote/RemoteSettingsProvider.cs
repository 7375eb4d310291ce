using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// Reads the settings row through <see cref="ISystemConfigRepository"/> and keeps it for
/// <see cref="RemoteClientOptions.SettingsCacheSeconds"/>, so a sync of a thousand pages reads it a few
/// times, not a thousand. <see cref="Invalidate"/> makes the next call read it again.
/// </summary>
public sealed class RemoteSettingsProvider(IServiceScopeFactory scopes, IOptions<RemoteClientOptions> options, TimeProvider clock)
    : IIntegrationSettingsCache
{
    private CachedSettings? _cached;
    private long _version;

    public async ValueTask<RemoteSettings> GetAsync(CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref _cached);
        var now = clock.GetUtcNow();
        if (cached is not null && cached.ExpiresAt > now)
        {
            return cached.Settings;
        }

        // A read that overlaps an Invalidate must not store what it read before the change.
        var version = Interlocked.Read(ref _version);
        await using var scope = scopes.CreateAsyncScope();
        var config = await scope.ServiceProvider.GetRequiredService<ISystemConfigRepository>().GetAsync(cancellationToken);
        var settings = RemoteSettings.From(config);
        if (Interlocked.Read(ref _version) == version)
        {
            Volatile.Write(ref _cached, new CachedSettings(settings, now.AddSeconds(options.Value.SettingsCacheSeconds)));
        }

        return settings;
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        Volatile.Write(ref _cached, null);
    }

    private sealed record CachedSettings(RemoteSettings Settings, DateTimeOffset ExpiresAt);
}
