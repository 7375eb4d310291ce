namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The managed heap's cap (decision 148), widened for the few operations whose working set is known to exceed it
/// (triage training keeps a quarter of a million tickets' texts and their features).
/// </summary>
public interface IHeapHeadroom
{
    /// <summary>Widens the cap until the returned lease is disposed (leases nest; the last one restores the cap).</summary>
    IDisposable Widen();
}
