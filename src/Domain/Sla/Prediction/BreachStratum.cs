using Ticketing.Domain.Tickets;

namespace Ticketing.Domain.Sla.Prediction;

/// <summary>
/// What makes tickets "similar" for the breach estimate, and its coarser forms for backing off when a
/// stratum holds too few tickets: <see cref="Level"/> 0 is policy, category, priority and department;
/// 1 drops the department; 2 the category; 3 the policy (priority only); 4 is every ticket.
/// </summary>
public readonly record struct BreachStratum(int Level, Guid? PolicyId, string? Category, TicketPriority? Priority, string? Department)
{
    public const int Coarsest = 4;

    public static BreachStratum Of(Guid? policyId, string? category, TicketPriority priority, string? department) =>
        new(0, policyId, Normalize(category), priority, Normalize(department));

    /// <summary>The same ticket's stratum at a coarser <paramref name="level"/> (0–4).</summary>
    public BreachStratum At(int level) => level switch
    {
        0 => this with { Level = 0 },
        1 => new BreachStratum(1, PolicyId, Category, Priority, null),
        2 => new BreachStratum(2, PolicyId, null, Priority, null),
        3 => new BreachStratum(3, null, null, Priority, null),
        Coarsest => new BreachStratum(Coarsest, null, null, null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>In words, for the reason shown with a flag.</summary>
    public static string Describe(int level) => level switch
    {
        0 => "same policy, category, priority and department",
        1 => "same policy, category and priority",
        2 => "same policy and priority",
        3 => "same priority",
        _ => "all tickets",
    };

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();
}
