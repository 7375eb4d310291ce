namespace Ticketing.Application.Triage;

/// <summary>What the assistant reads of many cached tickets at once (one round trip for a page of the list).</summary>
public interface ITriageTicketTexts
{
    /// <summary>The tickets among <paramref name="ticketIds"/> that exist and are not deleted.</summary>
    Task<IReadOnlyList<TriageTicketText>> GetAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken);
}

/// <param name="TicketId">The cached ticket.</param>
/// <param name="Input">Its title, description and department, as the models read them.</param>
/// <param name="Category">Its category now (null or blank: none).</param>
/// <param name="IsPhi">The PHI classification flagged the ticket.</param>
public sealed record TriageTicketText(Guid TicketId, TriageInput Input, string? Category, bool IsPhi);
