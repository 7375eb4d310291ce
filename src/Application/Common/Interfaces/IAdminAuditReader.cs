using Ticketing.Domain.Audit;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>Reads <c>audit_log</c> for the admin page (newest first) and its CSV export (in chain order).</summary>
public interface IAdminAuditReader
{
    Task<AdminPage<AuditEntry>> QueryAsync(AuditFilter filter, int page, int size, CancellationToken cancellationToken);

    /// <summary>Every entry the filter matches, oldest first (in sequence), read as it is written out.</summary>
    IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, CancellationToken cancellationToken);

    /// <summary>Every action that occurs in the log, for the filter's drop-down.</summary>
    Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="Actor"/> matches part of the actor's name; <see cref="TicketId"/> an entry about that ticket
/// (its target, or one of the tickets a view, search or export touched); <see cref="To"/> is exclusive.
/// </summary>
public sealed record AuditFilter(string? Actor, string? Action, DateTimeOffset? From, DateTimeOffset? To, string? TicketId = null);
