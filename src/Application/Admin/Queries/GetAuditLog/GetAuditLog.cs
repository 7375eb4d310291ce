using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Audit;

namespace Ticketing.Application.Admin.Queries.GetAuditLog;

/// <summary>
/// The audit log, newest first, filtered by actor (part of the name), action and a date range (days
/// in the admin's zone, both inclusive).
/// </summary>
public sealed record GetAuditLogQuery(string? Actor, string? Action, DateOnly? From, DateOnly? To, int Page = 1) : IQuery<AuditLogView>, IAdminRequest
{
    public const int PageSize = 50;

    /// <summary>The admin's time zone (IANA id); set by the page, not bound from the request.</summary>
    public string? TimeZoneId { get; init; }
}

public sealed record AuditLogView(AdminPage<AuditEntry> Entries, IReadOnlyList<string> Actions);

public sealed class GetAuditLogHandler(IAdminAuditReader audit) : IQueryHandler<GetAuditLogQuery, AuditLogView>
{
    public async ValueTask<AuditLogView> Handle(GetAuditLogQuery query, CancellationToken cancellationToken)
    {
        var zone = AdminTime.Zone(query.TimeZoneId);
        var (from, to) = AdminTime.Ordered(query.From, query.To);
        var filter = new AuditFilter(
            string.IsNullOrWhiteSpace(query.Actor) ? null : query.Actor.Trim(),
            string.IsNullOrWhiteSpace(query.Action) ? null : query.Action.Trim(),
            AdminTime.StartOf(from, zone),
            AdminTime.EndOf(to, zone));
        var entries = await audit.QueryAsync(filter, Math.Max(1, query.Page), GetAuditLogQuery.PageSize, cancellationToken);
        var actions = await audit.ActionsAsync(cancellationToken);
        return new AuditLogView(entries, actions);
    }
}
