using Ticketing.Domain.Audit;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>Reads <c>audit_log</c> for the admin page, newest first.</summary>
public interface IAdminAuditReader
{
    Task<AdminPage<AuditEntry>> QueryAsync(AuditFilter filter, int page, int size, CancellationToken cancellationToken);

    /// <summary>Every action that occurs in the log, for the filter's drop-down.</summary>
    Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken);
}

/// <summary><see cref="Actor"/> matches part of the actor's name; <see cref="To"/> is exclusive.</summary>
public sealed record AuditFilter(string? Actor, string? Action, DateTimeOffset? From, DateTimeOffset? To);
