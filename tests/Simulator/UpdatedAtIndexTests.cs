using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class UpdatedAtIndexTests
{
    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Stays_in_order_through_thousands_of_random_adds_moves_and_removes()
    {
        var random = new Random(1);
        var index = new UpdatedAtIndex();
        var model = new List<Ticket>();
        var initial = Enumerable.Range(0, 3000).Select(i => NewTicket(i, random.Next(500))).ToList();
        initial.Sort(UpdatedAtIndex.Compare);
        index.Load([.. initial]);
        model.AddRange(initial);

        for (var step = 0; step < 20_000; step++)
        {
            var roll = random.Next(10);
            if (roll < 5 && model.Count > 0)
            {
                // A change: the ticket leaves its place and comes back with a new updated_at.
                var old = model[random.Next(model.Count)];
                index.Remove(old).ShouldBeTrue();
                model.Remove(old);
                var moved = old with { UpdatedAt = Epoch.AddSeconds(random.Next(1000)) };
                index.Add(moved);
                model.Add(moved);
            }
            else if (roll < 8)
            {
                var added = NewTicket(10_000 + step, random.Next(1000));
                index.Add(added);
                model.Add(added);
            }
            else if (model.Count > 0)
            {
                var removed = model[random.Next(model.Count)];
                index.Remove(removed).ShouldBeTrue();
                model.Remove(removed);
            }
        }

        model.Sort(UpdatedAtIndex.Compare);
        index.Count.ShouldBe(model.Count);
        index.ToArray().ShouldBe(model);
        index.Range(0, model.Count, descending: true).ShouldBe(Enumerable.Reverse(model));
        index.Range(100, 2100, descending: false).ShouldBe(model.Skip(100).Take(2000));
        index.Range(100, 2100, descending: true).ShouldBe(model.Skip(100).Take(2000).Reverse());
        index.ElementAt(1234).ShouldBe(model[1234]);
    }

    [Fact]
    public void Lower_bound_finds_the_first_ticket_at_or_after_an_instant()
    {
        var index = new UpdatedAtIndex();
        var tickets = Enumerable.Range(0, 5000).Select(i => NewTicket(i, i / 3)).ToList();
        tickets.Sort(UpdatedAtIndex.Compare);
        index.Load([.. tickets]);

        index.LowerBound(Epoch.AddSeconds(10)).ShouldBe(30);
        index.LowerBound(Epoch.AddSeconds(10.5)).ShouldBe(33);
        index.LowerBound(Epoch.AddSeconds(-1)).ShouldBe(0);
        index.LowerBound(Epoch.AddDays(1)).ShouldBe(5000);
    }

    [Fact]
    public void Removing_an_entry_that_is_not_there_is_refused()
    {
        var index = new UpdatedAtIndex();
        var ticket = NewTicket(1, 1);
        index.Add(ticket);

        index.Remove(ticket with { UpdatedAt = Epoch.AddSeconds(2) }).ShouldBeFalse();
        index.Remove(ticket).ShouldBeTrue();
        index.Remove(ticket).ShouldBeFalse();
        index.Count.ShouldBe(0);
    }

    private static Ticket NewTicket(int sequence, double seconds) => new()
    {
        Id = OpaqueIds.Create("tkt_", sequence, 0),
        TicketNumber = $"IT-{sequence:D6}",
        Title = "t",
        UpdatedAt = Epoch.AddSeconds(seconds),
    };
}
