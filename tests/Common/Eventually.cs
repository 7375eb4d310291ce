namespace Ticketing.Tests.Common;

/// <summary>
/// Waits for a condition by polling, never by sleeping a fixed time. Shared by every test project
/// (the unit and simulator tests link this one file).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    // The first polls come quickly, for the many conditions that hold within milliseconds; a longer wait (a
    // minutely job, a process's start-up) then polls ten times a second instead of a hundred. Every poll is a
    // query or a request answered on the two cores the whole test run shares, and a minute's wait at 10 ms was
    // 6,000 of them; 100 ms at most adds as much to a wait, far below the timeouts (decision 164).
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LastInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> accepts its value, which it returns.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var interval = FirstInterval;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {because}; last value: {value}");
            }

            await Task.Delay(interval, TestContext.Current.CancellationToken);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, LastInterval.Ticks));
        }
    }

    public static Task<T> WaitAsync<T>(Func<T> probe, Func<T, bool> done, string because, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(probe()), done, because, timeout);

    public static Task UntilAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null) =>
        WaitAsync(condition, done => done, because, timeout);

    public static Task UntilAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        WaitAsync(condition, done => done, because, timeout);

    /// <summary>Polls until <paramref name="probe"/> yields a value, which it returns.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string because, TimeSpan? timeout = null)
        where T : struct =>
        (await WaitAsync(probe, value => value.HasValue, because, timeout))!.Value;
}
