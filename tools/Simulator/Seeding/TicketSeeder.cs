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
    // Yes/no draws are made in 1/1024ths, three to one random number: every draw costs time at a million tickets.
    private const int VipIn1024 = 154;                   // 15 %
    private const int GenericTitleIn1024 = 82;           // 8 %
    private const int MislabelledCategoryIn1024 = 41;    // 4 %
    private const int MislabelledPriorityIn1024 = 61;    // 6 %
    private const double MinFirstResponseSeconds = 30;
    private static readonly TimeSpan History = TimeSpan.FromDays(90);

    /// <summary>Resolution-time multiplier per topic, in <see cref="TicketContent.Categories"/> order.</summary>
    private static readonly double[] TopicResolutionFactor = [1.0, 1.8, 1.1, 0.45, 0.8, 1.3, 1.2, 1.0];

    /// <summary>Resolution-time multiplier per department, in <see cref="People.AllDepartments"/> order, then none.</summary>
    private static readonly double[] DepartmentResolutionFactor = [0.8, 0.85, 1.0, 1.05, 0.9, 1.0, 1.2, 0.9, 1.3, 1.0];

    /// <summary>Median hours to the first reply, low … critical.</summary>
    private static readonly double[] FirstResponseMedianHours = [10, 4, 1.5, 0.5, 0.2];

    /// <summary>Security gets answered first, access requests soon after.</summary>
    private static readonly double[] TopicFirstResponseFactor = [1.0, 1.2, 1.0, 0.8, 1.0, 0.6, 1.3, 1.0];

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

    /// <summary>
    /// What the requester wrote and how the ticket was labelled. The text is drawn for the problem
    /// the requester really has (its category and how urgent they think it is); the labels then
    /// mostly agree with it, except for a few percent of mislabelled tickets, so a classifier
    /// trained on the text can beat a most-frequent-class guess without ever reaching 100 %.
    /// </summary>
    private Draft DrawContent(Random random)
    {
        var requester = People.Requesters[random.Next(People.Requesters.Count)];
        var departmentIndex = People.DepartmentIndex(requester.Department);
        var topic = content.DrawCategory(departmentIndex, random);
        var felt = content.DrawPriority(topic, random);
        var rolls = new Rolls(random.Next());
        var vip = rolls.Next() < VipIn1024;
        var title = rolls.Next() < GenericTitleIn1024
            ? content.DrawGenericTitle(vip, random)
            : content.DrawTitle(topic, departmentIndex, vip, random);
        var category = rolls.Next() < MislabelledCategoryIn1024
            ? (topic + 1 + random.Next(TicketContent.Categories.Length - 1)) % TicketContent.Categories.Length
            : topic;
        var priority = random.Next(1024) < MislabelledPriorityIn1024 ? content.DrawPriority(topic, random) : felt;
        return new Draft
        {
            Title = title,
            Requester = requester,
            Priority = (TicketPriority)priority,
            Description = DrawDescription(title, departmentIndex, felt, random),
            CustomFields = DrawCustomFields(TicketContent.Categories[topic], random),
            Category = TicketContent.Categories[category],
            Department = requester.Department,
            Topic = topic,
            DepartmentIndex = departmentIndex,
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

        // Log-normal resolution time whose median is half the SLA target scaled by what the problem
        // is and who has it: hardware is slow, access requests fast, facilities wait longest. So
        // the share of breaches differs a lot between kinds of tickets (a predictor can learn it),
        // and overall about one resolved ticket in seven is late.
        var medianHours = sla.TotalHours * 0.5 * TopicResolutionFactor[draft.Topic]
            * DepartmentResolutionFactor[draft.DepartmentIndex];
        var resolution = TimeSpan.FromHours(Math.Max(0.1, medianHours * Math.Exp(0.55 * NextGaussian(random))));
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

        var agentNumber = random.Next(People.Agents.Count) + 1;
        var agent = People.Agents[agentNumber - 1];
        if (!agent.Active && !status.IsResolved() && status != TicketStatus.Cancelled)
        {
            // Someone who has left still appears on finished work, never on live work.
            agent = People.ActiveAgents[random.Next(People.ActiveAgents.Count)];
            agentNumber = People.NumberOf(agent);
        }

        draft.Status = status;
        draft.Agent = unassigned ? null : agent;
        draft.CreatedAt = createdAt;
        draft.UpdatedAt = Timestamps.TruncateToMilliseconds(updatedAt);
        draft.ResolvedAt = resolvedAt;
        draft.DueDate = random.NextDouble() < 0.04 ? null : createdAt + sla;
        draft.Category = random.NextDouble() < 0.03 ? null : draft.Category;
        draft.Department = random.NextDouble() < 0.02 ? null : draft.Department;
        // An unassigned ticket was still answered by someone: the agent drawn above.
        draft.Activity = DrawActivity(draft, resolution.TotalSeconds, agentNumber, random);
        return draft;
    }

    /// <summary>
    /// The conversation a seeded ticket had: the agent's first public reply after a log-normal
    /// delay whose median depends on the priority (minutes for critical, most of a day for low),
    /// never after the resolution; sometimes an internal note and a reply from the requester; a
    /// resolution note on most resolved tickets. A ticket whose first reply would fall after its
    /// last update has had none yet.
    /// </summary>
    private static SeededActivity DrawActivity(in Draft draft, double resolutionSeconds, int agentNumber, Random random)
    {
        // Plain doubles rather than TimeSpan arithmetic: this runs once per seeded ticket.
        var firstResponse = FirstResponseMedianHours[(int)draft.Priority] * 3600 * TopicFirstResponseFactor[draft.Topic]
            * Math.Exp(0.8 * NextGaussian(random));
        var resolved = draft.ResolvedAt is not null;
        if (resolved && firstResponse > resolutionSeconds * 0.7)
        {
            firstResponse = resolutionSeconds * (0.2 + (0.5 * random.NextDouble()));
        }

        firstResponse = Math.Max(firstResponse, MinFirstResponseSeconds);
        var end = (double)(((draft.ResolvedAt ?? draft.UpdatedAt).Ticks - draft.CreatedAt.Ticks) / TimeSpan.TicksPerSecond);
        var rolls = new Rolls(random.Next());
        var notes = rolls.Next();
        var replies = rolls.Next();
        var closing = rolls.Next();
        var flags = ActivityFlags.None;
        if (firstResponse <= end && (draft.Status != TicketStatus.Cancelled || notes < 512))
        {
            flags = ActivityFlags.FirstResponse;
            var room = end - firstResponse > 600;
            flags |= room && notes < 461 ? ActivityFlags.InternalNote : ActivityFlags.None;            // 45 %
            flags |= room && replies < 358 ? ActivityFlags.RequesterReply : ActivityFlags.None;        // 35 %
            flags |= resolved && closing < 870 ? ActivityFlags.ResolutionNote : ActivityFlags.None;   // 85 %
        }

        return new SeededActivity(
            FirstResponseSeconds: (int)firstResponse,
            EndSeconds: (int)end,
            AgentNumber: (byte)agentNumber,
            Flags: flags,
            Topic: (byte)(draft.Topic + 1));
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
        Activity = draft.Activity,
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

    private string? DrawDescription(TitleTemplate title, int departmentIndex, int felt, Random random)
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

        return content.Description(title, departmentIndex, felt, random.Next(TicketContent.VariantCount));
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

    /// <summary>Three draws in [0, 1024) from one random 31-bit number.</summary>
    private struct Rolls(int bits)
    {
        private int _bits = bits;

        public int Next()
        {
            var value = _bits & 0x3FF;
            _bits >>= 10;
            return value;
        }
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
        public SeededActivity Activity;

        /// <summary>The category the text is really about (index into <see cref="TicketContent.Categories"/>).</summary>
        public int Topic;

        /// <summary>The requester's department (index into <see cref="People.AllDepartments"/>).</summary>
        public int DepartmentIndex;
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
