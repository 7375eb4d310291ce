namespace Ticketing.Simulator.Tickets;

/// <summary>A PATCH field: absent, or present with a value that may be null (null clears the field).</summary>
public readonly record struct Optional<T>(bool IsSet, T Value)
{
    public static Optional<T> Of(T value) => new(true, value);
}

/// <summary>The validated body of <c>POST /tickets</c>.</summary>
public sealed record NewTicketInput(
    string Title,
    string? Description,
    TicketPriority Priority,
    string? Category,
    string? Department,
    string? RequesterName,
    string? RequesterEmail,
    DateTime? DueDate,
    IReadOnlyList<string> Tags,
    string CustomFieldsJson);

/// <summary>The validated body of <c>PATCH /tickets/{id}</c>; unset fields are left alone.</summary>
public sealed record TicketPatch
{
    public Optional<string> Title { get; init; }

    public Optional<string?> Description { get; init; }

    public Optional<TicketStatus> Status { get; init; }

    public Optional<TicketPriority> Priority { get; init; }

    public Optional<string?> Category { get; init; }

    public Optional<string?> Department { get; init; }

    public Optional<string?> AssigneeId { get; init; }

    public Optional<string?> AssigneeName { get; init; }

    public Optional<DateTime?> DueDate { get; init; }

    public Optional<IReadOnlyList<string>> Tags { get; init; }

    public Optional<string> CustomFieldsJson { get; init; }
}

/// <summary>The outcome of a create: the ticket, and whether an Idempotency-Key replayed an earlier create.</summary>
public sealed record CreateResult(Ticket Ticket, bool Replayed);
