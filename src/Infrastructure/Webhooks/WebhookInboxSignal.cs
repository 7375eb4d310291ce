namespace Ticketing.Infrastructure.Webhooks;

/// <summary>
/// Wakes the processor as soon as this instance accepts a message, instead of at its next poll. Any
/// number of notifications while the processor is busy collapse into one wake-up.
/// </summary>
public sealed class WebhookInboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    // 1 while a wake-up is pending: the semaphore is released only on the 0 → 1 change, so it never
    // exceeds its maximum count of one.
    private int _pending;

    public void Notify()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _semaphore.Release();
        }
    }

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await _semaphore.WaitAsync(timeout, cancellationToken))
        {
            // After taking the wake-up: a message accepted from now on notifies again, and one accepted
            // before is already committed, so the batch read that follows sees it.
            Volatile.Write(ref _pending, 0);
        }
    }

    public void Dispose() => _semaphore.Dispose();
}
