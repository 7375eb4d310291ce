using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Churn;

/// <summary>One change churn made: what kind, to which ticket.</summary>
public sealed record ChurnChange(TicketChangeKind Kind, string Id);

/// <summary>
/// Makes the kind of changes a live helpdesk makes: tickets moving along the workflow,
/// reassignments, priority changes, new tickets, comments and the occasional deletion. Each goes
/// through the store, so each produces its webhook. Draws come from one seeded generator, so a
/// seed replays the same sequence of choices when nothing else changes the store meanwhile.
/// </summary>
public sealed class ChurnEngine(TicketStore store, SimulatorSettings settings)
{
    private static readonly string[] CommentBodies =
    [
        "Thanks, I'll try that now.",
        "Still happening after the restart.",
        "Remote session booked for 2 pm.",
        "Replaced the cable, please confirm it works.",
        "Escalated to the network team.",
        "Waiting for the vendor's reply.",
        "Works now, thank you!",
        "Could you send a screenshot of the error?",
        "Same issue on my colleague's machine — see attached.",
        "Closing this if we don't hear back by Friday.",
    ];

    private readonly Lock _gate = new();
    private Random _random = new(settings.Seed ^ 0x5EED);

    public void Reseed(int seed)
    {
        lock (_gate)
        {
            _random = new Random(seed ^ 0x5EED);
        }
    }

    public IReadOnlyList<ChurnChange> Apply(int count)
    {
        var changes = new List<ChurnChange>(count);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                changes.Add(ApplyOne());
            }
        }

        return changes;
    }

    private ChurnChange ApplyOne()
    {
        var roll = _random.NextDouble();
        var change = roll switch
        {
            < 0.35 => MoveStatus(),
            < 0.55 => Reassign(),
            < 0.65 => ChangePriority(),
            < 0.80 => null,
            < 0.98 => Comment(),
            _ => Delete(),
        };

        // Nothing suitable to change (an empty store, or only closed tickets): file a new one instead.
        return change ?? new ChurnChange(TicketChangeKind.Created, store.CreateGenerated(_random).Id);
    }

    private ChurnChange? MoveStatus()
    {
        var ticket = store.PickRandom(_random, static ticket => !ticket.Status.IsTerminal());
        if (ticket is null)
        {
            return null;
        }

        var next = NextStatus(ticket.Status);
        var patch = new TicketPatch { Status = Optional<TicketStatus>.Of(next) };
        if (next == TicketStatus.InProgress && ticket.AssigneeId is null)
        {
            // Someone picks the ticket up to work on it.
            var agent = People.Agents[_random.Next(People.Agents.Count)];
            patch = patch with { AssigneeId = Optional<string?>.Of(agent.Id), AssigneeName = Optional<string?>.Of(agent.Name) };
        }

        return Updated(store.Update(ticket.Id, patch));
    }

    private ChurnChange? Reassign()
    {
        var ticket = store.PickRandom(_random, static ticket => !ticket.Status.IsTerminal());
        if (ticket is null)
        {
            return null;
        }

        var agents = People.Agents.Where(agent => agent.Id != ticket.AssigneeId).ToArray();
        var agent = agents[_random.Next(agents.Length)];
        return Updated(store.Update(ticket.Id, new TicketPatch
        {
            AssigneeId = Optional<string?>.Of(agent.Id),
            AssigneeName = Optional<string?>.Of(agent.Name),
        }));
    }

    private ChurnChange? ChangePriority()
    {
        var ticket = store.PickRandom(_random, static ticket => !ticket.Status.IsTerminal());
        if (ticket is null)
        {
            return null;
        }

        // Escalate or de-escalate by one step, as triage does.
        var step = ticket.Priority switch
        {
            TicketPriority.Low => 1,
            TicketPriority.Critical => -1,
            _ => _random.NextDouble() < 0.6 ? 1 : -1,
        };
        var priority = (TicketPriority)((int)ticket.Priority + step);
        return Updated(store.Update(ticket.Id, new TicketPatch { Priority = Optional<TicketPriority>.Of(priority) }));
    }

    private ChurnChange? Comment()
    {
        var ticket = store.PickRandom(_random, static _ => true);
        if (ticket is null)
        {
            return null;
        }

        var author = _random.NextDouble() < 0.5 ? ticket.AssigneeName : ticket.RequesterName;
        var added = store.AddComment(ticket.Id, author ?? "IT Service Desk", CommentBodies[_random.Next(CommentBodies.Length)]);
        return added is null ? null : new ChurnChange(TicketChangeKind.CommentAdded, ticket.Id);
    }

    private ChurnChange? Delete()
    {
        var ticket = store.PickRandom(_random, static _ => true);
        return ticket is not null && store.Delete(ticket.Id) ? new ChurnChange(TicketChangeKind.Deleted, ticket.Id) : null;
    }

    private TicketStatus NextStatus(TicketStatus status)
    {
        var roll = _random.NextDouble();
        return status switch
        {
            TicketStatus.Open => roll switch
            {
                < 0.80 => TicketStatus.InProgress,
                < 0.95 => TicketStatus.Pending,
                _ => TicketStatus.Cancelled,
            },
            TicketStatus.InProgress => roll switch
            {
                < 0.50 => TicketStatus.Resolved,
                < 0.80 => TicketStatus.Pending,
                _ => TicketStatus.OnHold,
            },
            TicketStatus.Pending => roll < 0.7 ? TicketStatus.InProgress : TicketStatus.Resolved,
            TicketStatus.OnHold => TicketStatus.InProgress,
            // Resolved: usually confirmed and closed, sometimes reopened.
            _ => roll < 0.85 ? TicketStatus.Closed : TicketStatus.InProgress,
        };
    }

    private static ChurnChange? Updated(Ticket? ticket) =>
        ticket is null ? null : new ChurnChange(TicketChangeKind.Updated, ticket.Id);
}
