namespace Ticketing.Application.Triage;

/// <summary>
/// Tickets that arrived from Championship IT (sync or webhook) without a field an admin lets the assistant
/// fill in: marked by a trigger when they are first stored, claimed here for a while, and then either done
/// (forgotten), put back for a later attempt, or kept as failed for the admin page.
/// </summary>
public interface ITriageArrivals
{
    /// <summary>
    /// Claims up to <paramref name="max"/> marks that are due at <paramref name="now"/> (oldest first) for
    /// <paramref name="lease"/>, counting the attempt. Two instances never get the same mark; a mark comes
    /// back only when its claim is put back (<see cref="RetryAsync"/>) or ran out unanswered (a crash).
    /// </summary>
    Task<IReadOnlyList<TriageArrival>> ClaimAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Forgets the mark: the ticket was filled in, or needs nothing. Only the claim's holder can.</summary>
    Task CompleteAsync(TriageArrival arrival, CancellationToken cancellationToken);

    /// <summary>Puts the mark back with the failure's reason, due again at <paramref name="retryAt"/>.</summary>
    Task RetryAsync(TriageArrival arrival, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>Keeps the mark as failed at <paramref name="now"/> with the reason: it is not tried again.</summary>
    Task FailAsync(TriageArrival arrival, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>How many marks wait (and how many of those after a failed attempt), and the latest failed ones.</summary>
    Task<TriageArrivalQueue> GetQueueAsync(int maxFailed, CancellationToken cancellationToken);
}

/// <param name="TicketId">The marked ticket.</param>
/// <param name="IsPhi">The PHI classification flagged the ticket.</param>
/// <param name="ClaimId">This claim: only its holder completes or puts back the mark.</param>
/// <param name="Attempt">Which attempt this claim is (1 for the first).</param>
public sealed record TriageArrival(Guid TicketId, bool IsPhi, Guid ClaimId = default, int Attempt = 1);

/// <summary>The auto-apply marks at a glance, for the admin page.</summary>
public sealed record TriageArrivalQueue(int Waiting, int Retrying, IReadOnlyList<TriageArrivalFailure> Failed);

/// <summary>A ticket the assistant gave up on: every attempt to save its suggestion failed.</summary>
public sealed record TriageArrivalFailure(Guid TicketId, string TicketNumber, int Attempts, DateTimeOffset FailedAt, string Reason);
