using Mediator;
using Ticketing.Application.Admin.Queries.GetAuditLog;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Audit;

namespace Ticketing.Application.Admin.Queries.ExportAuditLog;

/// <summary>
/// The audit entries of a period (and the page's other filters), oldest first, for the CSV export. The
/// export itself is audited before a row is read. A query rather than a stream request, so the
/// authorization behaviour checks it; the entries are read as the page writes them.
/// </summary>
public sealed record ExportAuditLogQuery(GetAuditLogQuery Filter) : IQuery<AuditExport>, IAdminRequest;

public sealed record AuditExport(IAsyncEnumerable<AuditEntry> Entries);

public sealed class ExportAuditLogHandler(IAdminAuditReader reader, IAuditLog audit) : IQueryHandler<ExportAuditLogQuery, AuditExport>
{
    public const string AuditAction = "audit.export";

    public async ValueTask<AuditExport> Handle(ExportAuditLogQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter.ToFilter();
        await audit.WriteAsync(AuditAction, "audit_log", null, new
        {
            from = filter.From,
            to = filter.To,
            actor = filter.Actor,
            action = filter.Action,
            ticket = filter.TicketId,
        }, cancellationToken);
        return new AuditExport(reader.StreamAsync(filter, cancellationToken));
    }
}
