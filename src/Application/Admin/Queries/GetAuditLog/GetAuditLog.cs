using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Audit;

namespace Ticketing.Application.Admin.Queries.GetAuditLog;

/// <summary>
/// The audit log, newest first, filtered by actor (part of the name), action, ticket and a date range
/// (days in the admin's zone, both inclusive).
/// </summary>
public sealed record GetAuditLogQuery(string? Actor, string? Action, DateOnly? From, DateOnly? To, int Page = 1, string? Ticket = null) : IQuery<AuditLogView>, IAdminRequest
{
    public const int PageSize = 50;

    /// <summary>The admin's time zone (IANA id); set by the page, not bound from the request.</summary>
    public string? TimeZoneId { get; init; }

    /// <summary>The filter as the readers take it: the days as UTC instants, blanks as no filter.</summary>
    public AuditFilter ToFilter()
    {
        var zone = AdminTime.Zone(TimeZoneId);
        var (from, to) = AdminTime.Ordered(From, To);
        return new AuditFilter(Trimmed(Actor), Trimmed(Action), AdminTime.StartOf(from, zone), AdminTime.EndOf(to, zone), Trimmed(Ticket));
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record AuditLogView(AdminPage<AuditEntry> Entries, IReadOnlyList<string> Actions);

public sealed class GetAuditLogHandler(IAdminAuditReader audit) : IQueryHandler<GetAuditLogQuery, AuditLogView>
{
    public async ValueTask<AuditLogView> Handle(GetAuditLogQuery query, CancellationToken cancellationToken)
    {
        var entries = await audit.QueryAsync(query.ToFilter(), Math.Max(1, query.Page), GetAuditLogQuery.PageSize, cancellationToken);
        var actions = await audit.ActionsAsync(cancellationToken);
        return new AuditLogView(entries, actions);
    }
}
