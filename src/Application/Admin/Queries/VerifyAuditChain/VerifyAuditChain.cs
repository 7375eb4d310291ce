using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Queries.VerifyAuditChain;

/// <summary>
/// Checks the audit log's hash chain from its first entry (or the last retention checkpoint) to the
/// newest: the admin audit page's "Verify" and the <c>audit verify</c> command (run as the system).
/// </summary>
public sealed record VerifyAuditChainQuery : IQuery<AuditChainReport>, IAdminRequest, ISystemRequest;

public sealed class VerifyAuditChainHandler(IAuditChainVerifier verifier) : IQueryHandler<VerifyAuditChainQuery, AuditChainReport>
{
    public async ValueTask<AuditChainReport> Handle(VerifyAuditChainQuery query, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(cancellationToken);
}
