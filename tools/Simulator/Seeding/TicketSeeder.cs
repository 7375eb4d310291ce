using System.Globalization;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Seeding;

/// <summary>The seeded tickets, sorted by (updated_at, id), and the last ticket number handed out.</summary>
public sealed record SeedResult(Ticket[] Sorted, int LastTicketNumber);

/// <summary>
/// Generates a deterministic population of tickets for a seed. The bulk is drawn from one seeded
/// <see cref="Random"/> and pooled strings: per-field faker calls would take minutes and gigabytes
/// at a million tickets. Tickets are first drawn as plain structs, ordered, and only then allocated,
/// once each and in (updated_at, id) order, so memory order follows the index (full scans stream
/// through memory) and seeding a million tickets never holds more than one copy of them.
/// </summary>
public sealed class TicketSeeder(TicketContent content)
{
    private const string IdPrefix = "tkt_";
    private static readonly TimeSpan History = TimeSpan.FromDays(90);

    public SeedResult Generate(int count, int seed, DateTime now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var created = new long[count];
        for (var i = 0; i < count; i++)
        {
            created[i] = DrawCreatedAt(random, now).Ticks;
        }

        // Ticket numbers grow with creation time, as they do in a real helpdesk.
        Array.Sort(created);
        var drafts = new Draft[count];
        var order = new OrderKey[count];
        for (var i = 0; i < count; i++)
        {
            drafts[i] = DrawHistory(DrawContent(random), new DateTime(created[i], DateTimeKind.Utc), now, random);
            order[i] = new OrderKey(drafts[i].UpdatedAt, OpaqueIds.Value(i + 1, seed), i);
        }

        created = [];
        Array.Sort(order);
        if (ApplyBulkEdits(order, random))
        {
            Array.Sort(order);
        }

        var tickets = new Ticket[count];
        for (var i = 0; i < count; i++)
        {
            var key = order[i];
            tickets[i] = ToTicket(drafts[key.Index], key.Index + 1, seed, key.UpdatedAt);
        }

        return new SeedResult(tickets, count);
    }

    /// <summary>A brand-new open ticket, as a requester would file it through the portal.</summary>
    public Ticket NewTicket(int number, int seed, DateTime now, Random random)
    {
        var draft = DrawContent(random);
        draft.CreatedAt = now;
        draft.DueDate = now + draft.Priority.SlaTarget();
        return ToTicket(draft, number, seed, now);
    }

    public static string FormatNumber(int number) => "IT-" + number.ToString("D6", CultureInfo.InvariantCulture);

    private Draft DrawContent(Random random)
    {
        var title = content.Titles[random.Next(content.Titles.Length)];
        var requester = People.Requesters[random.Next(People.Requesters.Count)];
        return new Draft
        {
            Title = title,
            Requester = requester,
            Priority = DrawPriority(random),
            Description = DrawDescription(title, random),
            CustomFields = DrawCustomFields(title.Category, random),
            Category = title.Category,
            Department = requester.Department,
        };
    }

    /// <summary>What happened to a ticket filed at <paramref name="createdAt"/> by <paramref name="now"/>.</summary>
    private static Draft DrawHistory(Draft draft, DateTime createdAt, DateTime now, Random random)
    {
        var age = now - createdAt;
        var sla = draft.Priority.SlaTarget();
        DateTime? resolvedAt = null;
        TicketStatus status;
        DateTime updatedAt;

        // Log-normal resolution time around half the SLA target: roughly one resolved ticket in
        // eight breaches its due date, which gives the SLA statistics something to show.
        var resolution = TimeSpan.FromHours(Math.Max(0.1, sla.TotalHours * Math.Exp(Math.Log(0.5) + (0.6 * NextGaussian(random)))));
        if (random.NextDouble() < 0.04)
        {
            status = TicketStatus.Cancelled;
            updatedAt = createdAt + (Min(age, TimeSpan.FromHours(48)) * random.NextDouble());
        }
        else if (createdAt + resolution <= now && random.NextDouble() < 0.82)
        {
            var resolved = Timestamps.TruncateToMilliseconds(createdAt + resolution);
            resolvedAt = resolved;
            var closeAfter = TimeSpan.FromDays(1 + (random.NextDouble() * 6));
            if (resolved + closeAfter <= now && random.NextDouble() < 0.7)
            {
                status = TicketStatus.Closed;
                updatedAt = resolved + closeAfter;
            }
            else
            {
                status = TicketStatus.Resolved;
                updatedAt = resolved + (Min(now - resolved, TimeSpan.FromHours(2)) * random.NextDouble());
            }
        }
        else
        {
            // Still being worked on: a backlog that grows older is what a real queue looks like.
            status = random.NextDouble() switch
            {
                < 0.35 => TicketStatus.Open,
                < 0.75 => TicketStatus.InProgress,
                < 0.87 => TicketStatus.Pending,
                _ => TicketStatus.OnHold,
            };
            updatedAt = createdAt + (age * random.NextDouble());
        }

        var unassigned = status switch
        {
            TicketStatus.Open => random.NextDouble() < 0.45,
            TicketStatus.Cancelled => random.NextDouble() < 0.3,
            _ => random.NextDouble() < 0.03,
        };

        draft.Status = status;
        draft.Agent = unassigned ? null : People.Agents[random.Next(People.Agents.Count)];
        draft.CreatedAt = createdAt;
        draft.UpdatedAt = Timestamps.TruncateToMilliseconds(updatedAt);
        draft.ResolvedAt = resolvedAt;
        draft.DueDate = random.NextDouble() < 0.04 ? null : createdAt + sla;
        draft.Category = random.NextDouble() < 0.03 ? null : draft.Category;
        draft.Department = random.NextDouble() < 0.02 ? null : draft.Department;
        return draft;
    }

    private static Ticket ToTicket(in Draft draft, int number, int seed, DateTime updatedAt) => new()
    {
        Id = OpaqueIds.Create(IdPrefix, number, seed),
        TicketNumber = FormatNumber(number),
        Title = draft.Title.Title,
        Description = draft.Description,
        Status = draft.Status,
        Priority = draft.Priority,
        Category = draft.Category,
        RequesterId = draft.Requester.Id,
        RequesterName = draft.Requester.Name,
        RequesterEmail = draft.Requester.Email,
        AssigneeId = draft.Agent?.Id,
        AssigneeName = draft.Agent?.Name,
        Department = draft.Department,
        CreatedAt = draft.CreatedAt,
        UpdatedAt = updatedAt,
        ResolvedAt = draft.ResolvedAt,
        DueDate = draft.DueDate,
        Tags = draft.Title.Tags,
        CustomFieldsJson = draft.CustomFields,
    };

    /// <summary>
    /// Bulk imports and mass edits leave runs of tickets with one identical updated_at, the case
    /// that breaks clients paging on updated_at without an id tie-break. Returns whether any run
    /// was made (the order then needs sorting again for the id tie-break).
    /// </summary>
    private static bool ApplyBulkEdits(OrderKey[] sorted, Random random)
    {
        if (sorted.Length < 200)
        {
            return false;
        }

        var groups = Math.Max(1, sorted.Length / 4000);
        for (var group = 0; group < groups; group++)
        {
            var size = random.Next(20, Math.Min(300, sorted.Length / 10) + 1);
            var start = random.Next(0, sorted.Length - size + 1);
            // The latest member's time is not earlier than any member's created_at or resolved_at.
            var shared = sorted[start + size - 1].UpdatedAt;
            for (var i = start; i < start + size; i++)
            {
                sorted[i] = sorted[i] with { UpdatedAt = shared };
            }
        }

        return true;
    }

    private static DateTime DrawCreatedAt(Random random, DateTime now)
    {
        var instant = now - (History * random.NextDouble());
        if (random.NextDouble() < 0.8)
        {
            // Most tickets are filed in office hours.
            var inHours = instant.Date + TimeSpan.FromHours(7 + (random.NextDouble() * 12));
            if (inHours <= now && inHours >= now - History)
            {
                instant = inHours;
            }
        }

        return Timestamps.TruncateToMilliseconds(instant);
    }

    private static TicketPriority DrawPriority(Random random) => random.NextDouble() switch
    {
        < 0.20 => TicketPriority.Low,
        < 0.60 => TicketPriority.Medium,
        < 0.85 => TicketPriority.High,
        < 0.95 => TicketPriority.Urgent,
        _ => TicketPriority.Critical,
    };

    private string? DrawDescription(TitleTemplate title, Random random)
    {
        var draw = random.NextDouble();
        if (draw < 0.05)
        {
            return null;
        }

        if (draw < 0.055)
        {
            return content.LongDescriptions[random.NextDouble() < 0.9 ? 0 : 1];
        }

        var pool = content.Descriptions[title.Title];
        return pool[random.Next(pool.Length)];
    }

    private string DrawCustomFields(string category, Random random)
    {
        if (category is "Hardware" or "Printing" or "Security" && random.NextDouble() < 0.85)
        {
            return content.AssetCustomFields[random.Next(content.AssetCustomFields.Length)];
        }

        return random.NextDouble() < 0.4
            ? content.OtherCustomFields[random.Next(content.OtherCustomFields.Length)]
            : "{}";
    }

    private static TimeSpan Min(TimeSpan left, TimeSpan right) => left < right ? left : right;

    private static double NextGaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A ticket before it exists: pooled references and values only, nothing allocated per ticket.</summary>
    private struct Draft
    {
        public TitleTemplate Title;
        public Requester Requester;
        public Agent? Agent;
        public string? Description;
        public string? Category;
        public string? Department;
        public string CustomFields;
        public TicketPriority Priority;
        public TicketStatus Status;
        public DateTime CreatedAt;
        public DateTime UpdatedAt;
        public DateTime? ResolvedAt;
        public DateTime? DueDate;
    }

    /// <summary>(updated_at, id) of a draft: id values order as the id strings do (see <see cref="OpaqueIds.TryDecode"/>).</summary>
    private readonly record struct OrderKey(DateTime UpdatedAt, ulong IdValue, int Index) : IComparable<OrderKey>
    {
        public int CompareTo(OrderKey other)
        {
            var byTime = UpdatedAt.CompareTo(other.UpdatedAt);
            return byTime != 0 ? byTime : IdValue.CompareTo(other.IdValue);
        }
    }
}
