using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Runtime;

/// <summary>
/// Widens the GC's hard heap limit (an operator's <c>DOTNET_GCHeapHardLimit</c>; the app sets none by default,
/// decision 148) through <see cref="GC.RefreshMemoryLimit"/> while a lease is held, and puts it back when the last
/// lease ends. Without a hard limit (the default, and every test host) it does nothing.
/// </summary>
public sealed class GcHeapHeadroom(ILogger<GcHeapHeadroom> logger) : IHeapHeadroom
{
    // The setting RefreshMemoryLimit reads; the GC's own name, not the runtimeconfig one.
    private const string LimitSetting = "GCHeapHardLimit";

    // Triage training measured about 220 MB above the app's working set at 100,000 tickets, with at most 250,000
    // sampled at any size: 2 GB is room for that several times over, and far inside the range the GC reserves.
    private const ulong WideLimit = 2UL * 1024 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly ulong _limit = ConfiguredLimit();
    private int _leases;

    public IDisposable Widen()
    {
        if (_limit == 0)
        {
            return Lease.None;
        }

        lock (_gate)
        {
            if (_leases++ == 0)
            {
                Apply(WideLimit);
                logger.LogInformation("Managed heap cap widened to {Megabytes} MB", WideLimit / 1048576);
            }
        }

        return new Lease(this);
    }

    private void Narrow()
    {
        lock (_gate)
        {
            if (--_leases > 0)
            {
                return;
            }

            // The GC refuses a cap below what it has committed: return the wide operation's memory first.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            try
            {
                Apply(_limit);
                logger.LogInformation("Managed heap cap back at {Megabytes} MB", _limit / 1048576);
            }
            catch (InvalidOperationException ex)
            {
                // What is live still needs more than the cap: staying wide is the safe side; the next lease tries again.
                Apply(WideLimit);
                logger.LogWarning(ex, "Managed heap cap left at {Megabytes} MB: the live heap is above {Cap} MB", WideLimit / 1048576, _limit / 1048576);
            }
        }
    }

    private static void Apply(ulong limit)
    {
        AppContext.SetData(LimitSetting, limit);
        GC.RefreshMemoryLimit();
    }

    private static ulong ConfiguredLimit() =>
        GC.GetConfigurationVariables().TryGetValue(LimitSetting, out var value) && value is not null
            ? Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    private sealed class Lease(GcHeapHeadroom? owner) : IDisposable
    {
        public static readonly Lease None = new(null);

        private GcHeapHeadroom? _owner = owner;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Narrow();
    }
}
