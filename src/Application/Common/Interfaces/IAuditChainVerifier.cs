namespace Ticketing.Application.Common.Interfaces;

/// <summary>Recomputes the audit log's hash chain and reports the first broken link.</summary>
public interface IAuditChainVerifier
{
    Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The outcome of a check of the audit log's hash chain. <see cref="HeadSequence"/> and
/// <see cref="HeadHash"/> name the newest entry: kept outside the database (a ticket, a printout), they
/// let a later check prove that no entry was removed from the end either.
/// </summary>
public sealed record AuditChainReport(
    long EntriesChecked,
    long? FirstSequence,
    long? HeadSequence,
    string? HeadHash,
    AuditChainBreak? FirstBreak,
    DateTimeOffset CheckedAt)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>Where the chain first breaks: the entry and what is wrong with it.</summary>
public sealed record AuditChainBreak(long Sequence, long Id, DateTimeOffset? OccurredAt, string Problem);
