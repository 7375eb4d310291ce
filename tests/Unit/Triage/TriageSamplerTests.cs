using Shouldly;
using Ticketing.Application.Triage;

namespace Ticketing.UnitTests.Triage;

public sealed class TriageSamplerTests
{
    private static TriageExample Example(int i) =>
        new(Guid.NewGuid(), $"ticket {i}", null, null, "Network", "low", DateTimeOffset.UnixEpoch.AddMinutes(i));

    [Fact]
    public void The_newest_fifth_is_held_out_and_the_rest_trains()
    {
        var sampler = new TriageSampler(100, 1_000, 1_000, seed: 1);
        for (var i = 0; i < 100; i++)
        {
            sampler.Add(Example(i));
        }

        sampler.Training.Count.ShouldBe(80);
        sampler.HoldOut.Count.ShouldBe(20);
        sampler.Training.Max(e => e.CreatedAt).ShouldBeLessThan(sampler.HoldOut.Min(e => e.CreatedAt));
    }

    [Fact]
    public void Memory_stays_within_the_caps_however_many_tickets_stream_past()
    {
        var sampler = new TriageSampler(100_000, 500, 100, seed: 2);
        for (var i = 0; i < 100_000; i++)
        {
            sampler.Add(Example(i));
        }

        sampler.Training.Count.ShouldBe(500);
        sampler.HoldOut.Count.ShouldBe(100);
        sampler.Read.ShouldBe(100_000);
        // A uniform sample of the older 80 %, not its first 500.
        sampler.Training.Count(e => e.CreatedAt >= DateTimeOffset.UnixEpoch.AddMinutes(40_000)).ShouldBeGreaterThan(150);
        sampler.HoldOut.ShouldAllBe(e => e.CreatedAt >= DateTimeOffset.UnixEpoch.AddMinutes(80_000));
    }

    [Fact]
    public void A_skipped_ticket_keeps_its_place_in_time()
    {
        var sampler = new TriageSampler(10, 100, 100, seed: 3);
        for (var i = 0; i < 10; i++)
        {
            if (i == 9)
            {
                sampler.Skip();
            }
            else
            {
                sampler.Add(Example(i));
            }
        }

        sampler.Training.Count.ShouldBe(8);
        sampler.HoldOut.Count.ShouldBe(1);
    }
}
