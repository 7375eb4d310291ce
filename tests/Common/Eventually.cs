namespace Ticketing.Tests.Common;

/// <summary>
/// Waits for a condition by polling, never by sleeping a fixed time. Shared by every test project
/// (the unit and simulator tests link this one file).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> accepts its value, which it returns.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
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

            await Task.Delay(Interval, TestContext.Current.CancellationToken);
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
