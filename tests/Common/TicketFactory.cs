using Ticketing.Domain.Tickets;

namespace Ticketing.Tests.Common;

/// <summary>Builds cached tickets for tests, with sensible defaults and unique numbers.</summary>
public static class TicketFactory
{
    private static int _sequence;

    public static Ticket Create(
        TicketStatus status = TicketStatus.Open,
        TicketPriority priority = TicketPriority.Medium,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? resolvedAt = null,
        DateTimeOffset? dueDate = null,
        DateTimeOffset? deletedAt = null,
        string? title = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var created = createdAt ?? new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        return new Ticket
        {
            Id = Guid.CreateVersion7(),
            ExternalTicketId = $"tkt_test{n:D6}_{Guid.NewGuid():N}"[..24],
            TicketNumber = $"IT-T{n:D6}-{Guid.NewGuid():N}"[..16],
            Title = title ?? $"Test ticket {n}",
            Description = "Created by a test.",
            Status = status,
            Priority = priority,
            Category = "Network",
            Department = "IT Operations",
            RequesterName = "Dana Ruiz",
            RequesterEmail = "dana@example.org",
            CreatedAt = created,
            UpdatedAt = resolvedAt ?? created,
            ResolvedAt = resolvedAt,
            DueDate = dueDate,
            Tags = ["test"],
            CustomFieldsJson = "{}",
            LastSyncedAt = created,
            DeletedAt = deletedAt,
        };
    }
}
