namespace Ticketing.Simulator.Tests.Support;

/// <summary>Waits for a condition by polling, never by sleeping a fixed time.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> WaitAsync<T>(Func<T> probe, Func<T, bool> done, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {because}; last value: {value}");
            }

            await Task.Delay(20, Wire.Ct);
        }
    }

    public static Task WaitAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        WaitAsync(condition, done => done, because, timeout);
}
