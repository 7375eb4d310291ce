using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sla;

/// <summary>What the recompute reads about one ticket.</summary>
public sealed record SlaTicketInput(
    Guid TicketId,
    bool Deleted,
    TicketPriority Priority,
    string? Category,
    string? Department,
    IReadOnlyList<string> Tags,
    SlaTicketFacts Facts);

/// <summary>A row of <c>ticket_sla</c>: the ticket's policy and its evaluation; null policy removes the row.</summary>
public sealed record TicketSlaRow(Guid TicketId, Guid? PolicyId, SlaEvaluation? Evaluation, DateTimeOffset ComputedAt);

/// <summary>The recompute's backlog and the full run under way or last finished.</summary>
public sealed record SlaRecomputeProgress(
    long ChangedTicketsWaiting,
    string? RunReason,
    DateTimeOffset? RunRequestedAt,
    long RunProcessed,
    long RunTotal,
    DateTimeOffset? RunFinishedAt);
