namespace Ticketing.Simulator.Tickets;

/// <summary>
/// A change to make right after a <c>GET /tickets</c> page has been read: "after page P (of a
/// listing with updated_since X), touch these tickets and delete those". Fires once, on the first
/// listing that matches. This is what lets a test change the remote at an exact point of a pass
/// that the code under test drives by itself, e.g. move a ticket already sent out of a tie group.
/// </summary>
/// <param name="Page">The page number whose listing triggers it.</param>
/// <param name="UpdatedSince">When set, only a listing with exactly this updated_since triggers it.</param>
/// <param name="Touch">Tickets moved to the end of the updated_at order (<see cref="TicketStore.Touch"/>).</param>
/// <param name="Delete">Tickets deleted (with a tombstone).</param>
/// <param name="Webhooks">Whether those changes send their webhooks.</param>
public sealed record AfterPageHook(int Page, DateTime? UpdatedSince, IReadOnlyList<string> Touch, IReadOnlyList<string> Delete, bool Webhooks = true);

/// <summary>An armed hook, and when (if yet) it fired.</summary>
public sealed record HookState(string Id, AfterPageHook Hook, DateTime? FiredAt);

/// <summary>The armed <see cref="AfterPageHook"/>s; thread-safe.</summary>
public sealed class ListingHooks(TicketStore store, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<HookState> _hooks = [];
    private int _lastId;

    public HookState Arm(AfterPageHook hook)
    {
        lock (_gate)
        {
            var state = new HookState($"hook_{++_lastId}", hook, null);
            _hooks.Add(state);
            return state;
        }
    }

    public IReadOnlyList<HookState> List()
    {
        lock (_gate)
        {
            return [.. _hooks];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _hooks.Clear();
        }
    }

    /// <summary>Called once a listing's page has been taken from the store, before it is written out.</summary>
    public void AfterListing(TicketQuery query)
    {
        AfterPageHook? due = null;
        lock (_gate)
        {
            for (var i = 0; i < _hooks.Count; i++)
            {
                var state = _hooks[i];
                if (state.FiredAt is null && state.Hook.Page == query.Page
                    && (state.Hook.UpdatedSince is null || state.Hook.UpdatedSince == query.UpdatedSince))
                {
                    _hooks[i] = state with { FiredAt = Timestamps.Now(time) };
                    due = state.Hook;
                    break;
                }
            }
        }

        if (due is null)
        {
            return;
        }

        foreach (var id in due.Touch)
        {
            store.Touch(id, due.Webhooks);
        }

        foreach (var id in due.Delete)
        {
            store.Delete(id, due.Webhooks);
        }
    }
}
