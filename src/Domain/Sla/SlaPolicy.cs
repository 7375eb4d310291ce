using Ticketing.Domain.Tickets;

namespace Ticketing.Domain.Sla;

/// <summary>
/// A promise for a kind of ticket (<c>sla_policies</c>): a condition, a first-response and a resolution
/// target, in business hours (of <see cref="CalendarId"/>) or calendar hours, and whether waiting on the
/// requester (pending, on hold) stops the clock. Policies are tried by <see cref="Position"/>; the first
/// that matches applies, and the default policy applies when none does.
/// </summary>
public sealed class SlaPolicy
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public int Position { get; set; }
    public bool IsDefault { get; set; }

    /// <summary>The priorities the policy covers; empty covers every priority.</summary>
    public TicketPriority[] Priorities { get; set; } = [];

    public string? Category { get; set; }
    public string? Department { get; set; }
    public string? Tag { get; set; }

    public int FirstResponseMinutes { get; set; }
    public int ResolutionMinutes { get; set; }

    /// <summary>Business hours of <see cref="CalendarId"/>; false counts every hour.</summary>
    public bool BusinessHours { get; set; }

    public Guid? CalendarId { get; set; }

    /// <summary>Whether the clock stops while the ticket is pending or on hold.</summary>
    public bool PauseWhileWaiting { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public TimeSpan FirstResponseTarget => TimeSpan.FromMinutes(FirstResponseMinutes);

    public TimeSpan ResolutionTarget => TimeSpan.FromMinutes(ResolutionMinutes);

    /// <summary>Whether the condition holds for a ticket (the default policy's condition always does).</summary>
    public bool Matches(TicketPriority priority, string? category, string? department, IReadOnlyCollection<string> tags) =>
        IsDefault
        || ((Priorities.Length == 0 || Priorities.Contains(priority))
            && Same(Category, category)
            && Same(Department, department)
            && (Tag is null || tags.Any(t => string.Equals(t, Tag, StringComparison.OrdinalIgnoreCase))));

    /// <summary>The policy that applies: the first non-default match by position, else the default, else none.</summary>
    public static SlaPolicy? Select(
        IEnumerable<SlaPolicy> policies, TicketPriority priority, string? category, string? department, IReadOnlyCollection<string> tags) =>
        SelectInOrder(InOrder(policies), priority, category, department, tags);

    /// <summary>The policies in the order they are tried; sort once when selecting for many tickets.</summary>
    public static SlaPolicy[] InOrder(IEnumerable<SlaPolicy> policies) =>
        [.. policies.OrderBy(p => p.Position).ThenBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary><see cref="Select"/> over policies already in <see cref="InOrder"/>'s order.</summary>
    public static SlaPolicy? SelectInOrder(
        IReadOnlyList<SlaPolicy> ordered, TicketPriority priority, string? category, string? department, IReadOnlyCollection<string> tags)
    {
        SlaPolicy? fallback = null;
        foreach (var policy in ordered)
        {
            if (policy.IsDefault)
            {
                fallback ??= policy;
            }
            else if (policy.Matches(priority, category, department, tags))
            {
                return policy;
            }
        }

        return fallback;
    }

    private static bool Same(string? condition, string? value) =>
        condition is null || string.Equals(condition, value?.Trim(), StringComparison.OrdinalIgnoreCase);
}
