using System.Globalization;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Seeding;

/// <summary>
/// The comments a seeded ticket had before the simulator started, derived from its
/// <see cref="SeededActivity"/> whenever they are asked for, so seeding allocates none. The same
/// ticket and seed always give the same comments, ids included: an agent's first public reply
/// after a delay that depends on the priority, sometimes an internal note and a reply from the
/// requester, and a public resolution note at resolved_at.
/// </summary>
internal static class SeededComments
{
    /// <summary>Room for this many seeded comments per ticket number in the id sequence.</summary>
    private const int SequencesPerTicket = 8;

    private const int IdSalt = 0x0C0FFEE;

    private static readonly string[] GeneralFirstResponses =
    [
        "Hi {0}, thanks for reporting this. I'm looking into it now.",
        "Hi {0}, I've picked this up. Could you tell me when it started?",
        "Thanks {0}, I can see the problem on our side and am working on it.",
        "Hi {0}, could you restart once more and send me the exact error message?",
    ];

    /// <summary>One per category, in <see cref="TicketContent.Categories"/> order.</summary>
    private static readonly string[] CategoryFirstResponses =
    [
        "Hi {0}, we're checking the VPN gateway and the access points in your area.",
        "Hi {0}, I've booked a technician visit to look at the device.",
        "Hi {0}, I'll push a fresh install of the application to your machine.",
        "Hi {0}, I've reset the account; please try to sign in again.",
        "Hi {0}, I'm checking the mail flow logs for your mailbox.",
        "Hi {0}, please don't open anything else from that sender — the security team is on it.",
        "Hi {0}, I've cleared the print queue and am checking the printer driver.",
        "Hi {0}, I'm checking your extension on the phone system.",
    ];

    private static readonly string[] InternalNotes =
    [
        "Checked the logs: the same error started after last night's change.",
        "Vendor case opened; waiting for their second-line team.",
        "Probably the known issue with the new laptop image — linked to the problem record.",
        "Needs a hardware swap; one spare left in stock.",
        "Asked the network team to look at the switch port errors.",
        "Second time this month for this user — keep an eye on it.",
    ];

    private static readonly string[] RequesterReplies =
    [
        "Thanks, I'll try that now.",
        "Still happening after the restart.",
        "Here's the error message: \"0x80070005 access denied\".",
        "That worked for a while but it's back.",
        "Thanks for the quick reply!",
        "I'm out this afternoon, tomorrow morning works.",
    ];

    private static readonly string[] ResolutionNotes =
    [
        "This is fixed now: the configuration was corrected. Please reopen if it happens again.",
        "Resolved — replaced the faulty part. Let us know if anything else comes up.",
        "Done: access granted and tested with you on the phone.",
        "The vendor patch is installed and the problem is gone. Closing.",
        "Cleaned up the profile and it works again. Thanks for your patience!",
        "Resolved after the update rollout; marking as done.",
    ];

    /// <summary>The first id sequence free for comments added after seeding <paramref name="lastSeededNumber"/> tickets.</summary>
    public static long FirstRuntimeSequence(int lastSeededNumber) => (lastSeededNumber + 1L) * SequencesPerTicket;

    public static string Id(long sequence, int seed) => OpaqueIds.Create("cmt_", sequence, seed ^ IdSalt);

    /// <summary>The ticket's seeded comments, oldest first (ties by id); empty for a ticket created after seeding.</summary>
    public static List<TicketComment> For(Ticket ticket, int seed)
    {
        var activity = ticket.Activity;
        if (!activity.Flags.HasFlag(ActivityFlags.FirstResponse))
        {
            return [];
        }

        // Seeded tickets are numbered IT-000001… in seeding order; the number keys the ids and the text.
        var number = int.Parse(ticket.TicketNumber.AsSpan(3), CultureInfo.InvariantCulture);

        var agent = People.Agents[activity.AgentNumber - 1];
        var requesterFirstName = ticket.RequesterName?.Split(' ')[0] ?? "there";
        var firstResponse = At(ticket.CreatedAt, activity.FirstResponseSeconds);
        var end = At(ticket.CreatedAt, activity.EndSeconds);
        var span = end - firstResponse;
        var comments = new List<TicketComment>(4);

        // The topic is fixed at seeding, so a later change of category does not rewrite history.
        var opener = activity.Topic > 0 && Fraction(seed, number, 0) < 0.5
            ? CategoryFirstResponses[activity.Topic - 1]
            : Pick(GeneralFirstResponses, seed, number, 1);
        comments.Add(Agent(0, opener.Replace("{0}", requesterFirstName, StringComparison.Ordinal), CommentVisibility.Public, firstResponse));

        if (activity.Flags.HasFlag(ActivityFlags.InternalNote))
        {
            var at = firstResponse + (span * (0.2 + (0.4 * Fraction(seed, number, 2))));
            comments.Add(Agent(1, Pick(InternalNotes, seed, number, 3), CommentVisibility.Internal, Timestamps.TruncateToMilliseconds(at)));
        }

        if (activity.Flags.HasFlag(ActivityFlags.RequesterReply))
        {
            var at = firstResponse + (span * (0.1 + (0.5 * Fraction(seed, number, 4))));
            comments.Add(new TicketComment(
                Id(Sequence(number, 2), seed),
                ticket.Id,
                ticket.RequesterName,
                ticket.RequesterEmail,
                Pick(RequesterReplies, seed, number, 5),
                CommentVisibility.Public,
                Timestamps.TruncateToMilliseconds(at)));
        }

        if (activity.Flags.HasFlag(ActivityFlags.ResolutionNote))
        {
            comments.Add(Agent(3, Pick(ResolutionNotes, seed, number, 6), CommentVisibility.Public, end));
        }

        comments.Sort(static (left, right) =>
        {
            var byTime = left.CreatedAt.CompareTo(right.CreatedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(left.Id, right.Id);
        });
        return comments;

        TicketComment Agent(int slot, string body, CommentVisibility visibility, DateTime createdAt) =>
            new(Id(Sequence(number, slot), seed), ticket.Id, agent.Name, agent.Email, body, visibility, createdAt);
    }

    private static long Sequence(int number, int slot) => ((long)number * SequencesPerTicket) + slot;

    private static DateTime At(DateTime createdAt, int seconds) => Timestamps.TruncateToMilliseconds(createdAt.AddSeconds(seconds));

    private static string Pick(string[] pool, int seed, int number, int salt) => pool[(int)(Fraction(seed, number, salt) * pool.Length)];

    /// <summary>A number in [0, 1) fixed by (seed, ticket number, salt): SplitMix64, so no generator is allocated per ticket.</summary>
    private static double Fraction(int seed, int number, int salt)
    {
        var x = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)number * 0x9E3779B97F4A7C15UL) ^ ((ulong)salt * 0xBF58476D1CE4E5B9UL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
