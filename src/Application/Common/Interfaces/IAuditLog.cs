namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Records who did what, when and from where (<c>audit_log</c>, append-only and hash-chained). Callers
/// mask secrets before passing details; the current user and the client's address are added here.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Writes one entry for the current user (or the system). <paramref name="details"/> is serialised
    /// as a JSON object (snake_case), e.g. <c>new { old = …, @new = … }</c>.
    /// </summary>
    Task WriteAsync(string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one entry for a view, search, export or change that touched tickets, naming them, so an
    /// admin can later list everyone who saw a given ticket (the audit page's "Ticket" filter). See
    /// <see cref="TicketAccess"/>.
    /// </summary>
    Task WriteTicketAccessAsync(TicketAccess access, CancellationToken cancellationToken);
}

/// <summary>
/// What a ticket access entry says. <see cref="TicketIds"/> are the tickets' numbers (<c>IT-004217</c>)
/// or ids, as the caller refers to them; an access that touched more than a page's worth (an export of
/// thousands) may give a <see cref="Reference"/> instead or beside them: the filter and the time, from
/// which the set can be reproduced, with <see cref="Count"/>.
/// </summary>
/// <param name="Action">e.g. <c>ticket.view</c>, <c>ticket.search</c>, <c>ticket.export</c>, <c>ticket.break_glass</c>.</param>
/// <param name="TicketIds">The tickets touched (at most <see cref="MaxTicketIds"/> are kept).</param>
/// <param name="Reference">How to reproduce the set: the filter or search and its time.</param>
/// <param name="Count">How many tickets were touched, when more than <paramref name="TicketIds"/> names.</param>
/// <param name="Details">Anything else worth keeping (a break-glass reason), serialised as JSON.</param>
public sealed record TicketAccess(string Action, IReadOnlyList<string> TicketIds, string? Reference = null, int? Count = null, object? Details = null)
{
    /// <summary>The most ids stored in one entry; an access beyond it keeps the first ones and its reference.</summary>
    public const int MaxTicketIds = 10_000;
}
