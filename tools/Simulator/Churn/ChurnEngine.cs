using System.Text;
using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Churn;

/// <summary>One change churn made: what kind, to which ticket.</summary>
public sealed record ChurnChange(TicketChangeKind Kind, string Id);

/// <summary>
/// Makes the kind of changes a live helpdesk makes: tickets moving along the workflow,
/// reassignments, priority changes, new tickets, comments (public replies and internal notes),
/// attachments and the occasional deletion. Each goes through the store, so each produces its
/// webhook. Draws come from one seeded generator, so a seed replays the same sequence of choices
/// when nothing else changes the store meanwhile.
/// </summary>
public sealed class ChurnEngine(TicketStore store, SimulatorSettings settings)
{
    private static readonly string[] AgentReplies =
    [
        "Remote session booked for 2 pm.",
        "Replaced the cable, please confirm it works.",
        "Could you send a screenshot of the error?",
        "Closing this if we don't hear back by Friday.",
        "I've pushed a fix to your machine; please restart when convenient.",
    ];

    private static readonly string[] InternalNotes =
    [
        "Escalated to the network team.",
        "Waiting for the vendor's reply.",
        "Same root cause as last week's outage, linking the problem record.",
        "Spare unit reserved in the store room.",
    ];

    private static readonly string[] RequesterReplies =
    [
        "Thanks, I'll try that now.",
        "Still happening after the restart.",
        "Works now, thank you!",
        "Same issue on my colleague's machine — see attached.",
    ];

    /// <summary>Small files shared by every churned attachment: names with spaces, quotes and accents, several types.</summary>
    private static readonly (string FileName, string ContentType, AttachmentContent Content)[] SampleFiles =
    [
        ("error-log.txt", "text/plain", AttachmentContent.FromBytes(Encoding.UTF8.GetBytes(string.Concat(
            Enumerable.Range(0, 40).Select(i => $"2026-11-20 08:{i:00}:00 ERROR tunnel keepalive timeout <gw-02>\n"))))),
        ("screenshot.png", "image/png", AttachmentContent.FromBytes(Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))),
        ("Café menu – Q4.csv", "text/csv", AttachmentContent.FromBytes(Encoding.UTF8.GetBytes("item;price\nEspresso;1,20 €\nCroissant;1,80 €\n"))),
        ("report \"final\".pdf", "application/pdf", AttachmentContent.FromBytes(Encoding.ASCII.GetBytes("%PDF-1.4\n% simulated\n%%EOF\n"))),
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
            < 0.33 => MoveStatus(),
            < 0.51 => Reassign(),
            < 0.60 => ChangePriority(),
            < 0.74 => null,
            < 0.91 => Comment(),
            < 0.97 => Attach(),
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
            var agent = AnyActiveAgent();
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

        var agents = People.ActiveAgents.Where(agent => agent.Id != ticket.AssigneeId).ToArray();
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

    /// <summary>Half the time the agent writes (a public reply, or an internal note one time in three), otherwise the requester.</summary>
    private ChurnChange? Comment()
    {
        var ticket = store.PickRandom(_random, static _ => true);
        if (ticket is null)
        {
            return null;
        }

        NewCommentInput input;
        if (_random.NextDouble() < 0.5 || ticket.RequesterName is null)
        {
            var agent = People.FindAgent(ticket.AssigneeId) ?? AnyActiveAgent();
            input = _random.NextDouble() < 0.35
                ? new NewCommentInput(Pick(InternalNotes), CommentVisibility.Internal, agent.Name, agent.Email)
                : new NewCommentInput(Pick(AgentReplies), CommentVisibility.Public, agent.Name, agent.Email);
        }
        else
        {
            input = new NewCommentInput(Pick(RequesterReplies), CommentVisibility.Public, ticket.RequesterName, ticket.RequesterEmail);
        }

        var added = store.AddComment(ticket.Id, input, idempotencyKey: null);
        return added.Outcome == PostOutcome.Created ? new ChurnChange(TicketChangeKind.CommentAdded, ticket.Id) : null;
    }

    private ChurnChange? Attach()
    {
        var ticket = store.PickRandom(_random, static _ => true);
        if (ticket is null)
        {
            return null;
        }

        var (fileName, contentType, content) = SampleFiles[_random.Next(SampleFiles.Length)];
        var uploader = _random.NextDouble() < 0.6 ? ticket.RequesterName : People.FindAgent(ticket.AssigneeId)?.Name;
        var added = store.AddAttachment(ticket.Id, new NewAttachmentInput(fileName, contentType, uploader, content), idempotencyKey: null);
        return added.Outcome == PostOutcome.Created ? new ChurnChange(TicketChangeKind.AttachmentAdded, ticket.Id) : null;
    }

    private ChurnChange? Delete()
    {
        var ticket = store.PickRandom(_random, static _ => true);
        return ticket is not null && store.Delete(ticket.Id) ? new ChurnChange(TicketChangeKind.Deleted, ticket.Id) : null;
    }

    private Agent AnyActiveAgent() => People.ActiveAgents[_random.Next(People.ActiveAgents.Count)];

    private string Pick(string[] pool) => pool[_random.Next(pool.Length)];

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
