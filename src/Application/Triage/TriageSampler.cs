namespace Ticketing.Application.Triage;

/// <summary>
/// Splits a stream of tickets, read oldest first, into the training part (the oldest 80 %) and the
/// hold-out (the most recent 20 %) by position, keeping a uniform random sample of at most
/// <see cref="TriageOptions.TrainingSampleCap"/> and <see cref="TriageOptions.HoldOutSampleCap"/> of each
/// (reservoir sampling): memory stays bounded however many tickets the mirror holds.
/// </summary>
public sealed class TriageSampler(long expectedCount, int trainingCap, int holdOutCap, int seed)
{
    public const double HoldOutShare = 0.2;

    private readonly long trainingEnd = expectedCount - (long)Math.Ceiling(expectedCount * HoldOutShare);
    private readonly Random random = new(seed);
    private readonly List<TriageExample> training = [];
    private readonly List<TriageExample> holdOut = [];
    private long position;
    private long trainingSeen;
    private long holdOutSeen;

    public IReadOnlyList<TriageExample> Training => training;

    public IReadOnlyList<TriageExample> HoldOut => holdOut;

    /// <summary>Tickets the stream held, taken or skipped.</summary>
    public long Read => position;

    public void Add(TriageExample example)
    {
        // Tickets that arrive beyond the count taken before reading are the newest: hold-out.
        if (position++ < trainingEnd)
        {
            Offer(training, trainingCap, ref trainingSeen, example);
        }
        else
        {
            Offer(holdOut, holdOutCap, ref holdOutSeen, example);
        }
    }

    /// <summary>A ticket left out (its text may not be used) still takes its place in time.</summary>
    public void Skip() => position++;

    private void Offer(List<TriageExample> reservoir, int cap, ref long seen, TriageExample example)
    {
        seen++;
        if (reservoir.Count < cap)
        {
            reservoir.Add(example);
            return;
        }

        var slot = random.NextInt64(seen);
        if (slot < cap)
        {
            reservoir[(int)slot] = example;
        }
    }
}
