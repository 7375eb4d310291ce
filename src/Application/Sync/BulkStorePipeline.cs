using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sync;

/// <summary>
/// Stores an initial load's batches on up to <c>storesAtOnce</c> connections at once (decision 151): the
/// database's CPU-heavy part of a batch (the COPY's parse, the insert computing the stored search
/// document) then runs on every core instead of one. Stored batches are handed back strictly in the
/// order they were added, so a caller that moves the watermark past each one only ever passes batches
/// that are stored together with every batch before them. A batch that shares a ticket with one still
/// being stored waits for it (and those before it) first: the two versions are written in the remote's
/// order, so the later one records its change, and two transactions never wait on each other's rows.
/// </summary>
public sealed class BulkStorePipeline : IAsyncDisposable
{
    private readonly ITicketRepository _tickets;
    private readonly TimeProvider _clock;
    private readonly int _storesAtOnce;
    private readonly Queue<InFlight> _inFlight = new();

    public BulkStorePipeline(ITicketRepository tickets, TimeProvider clock, int storesAtOnce)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(storesAtOnce, 1);
        _tickets = tickets;
        _clock = clock;
        _storesAtOnce = storesAtOnce;
    }

    /// <summary>
    /// Starts storing <paramref name="batch"/> (which the pipeline then owns: the caller must not change
    /// it) once a connection is free; returns the batches that finished meanwhile, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<StoredBatch>> AddAsync(IReadOnlyCollection<Ticket> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var done = new List<StoredBatch>();
        if (batch.Count == 0)
        {
            return done;
        }

        var ids = batch.Select(t => t.ExternalTicketId).ToHashSet(StringComparer.Ordinal);
        var waitFor = LastSharing(ids) + 1;
        while (_inFlight.Count > 0 && (waitFor > 0 || _inFlight.Count >= _storesAtOnce))
        {
            done.Add(await CompleteOldestAsync());
            waitFor--;
        }

        var highest = batch.Max(t => t.UpdatedAt);
        _inFlight.Enqueue(new InFlight(ids, batch.Count, highest, _tickets.BulkLoadManyAsync(batch, _clock.GetUtcNow(), cancellationToken)));
        return done;
    }

    /// <summary>Waits for every batch still being stored; returns them oldest first.</summary>
    public async Task<IReadOnlyList<StoredBatch>> DrainAsync()
    {
        var done = new List<StoredBatch>(_inFlight.Count);
        while (_inFlight.Count > 0)
        {
            done.Add(await CompleteOldestAsync());
        }

        return done;
    }

    /// <summary>
    /// After a failure elsewhere: waits for what is still being stored, so nothing writes the mirror once
    /// the caller moves on (for instance to build the deferred indexes). Their outcome is not reported:
    /// the watermark was not moved past them, so the next run fetches them again.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        while (_inFlight.TryDequeue(out var item))
        {
            try
            {
                await item.Store;
            }
            catch (Exception)
            {
                // The run already failed (that failure is the one reported); this batch's own outcome
                // changes nothing, since no watermark was moved past it.
            }
        }
    }

    private int LastSharing(HashSet<string> ids)
    {
        var last = -1;
        var index = 0;
        foreach (var item in _inFlight)
        {
            if (item.Ids.Overlaps(ids))
            {
                last = index;
            }

            index++;
        }

        return last;
    }

    private async Task<StoredBatch> CompleteOldestAsync()
    {
        var item = _inFlight.Peek();
        var result = await item.Store;
        _inFlight.Dequeue();
        return new StoredBatch(item.Count, item.Highest, result);
    }

    private sealed record InFlight(HashSet<string> Ids, int Count, DateTimeOffset Highest, Task<UpsertResult> Store);
}

/// <summary>A stored batch of an initial load: how many tickets it held, its newest change, what was written.</summary>
public sealed record StoredBatch(int Count, DateTimeOffset Highest, UpsertResult Result);
