using Ticketing.Domain.Templates;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The ticket templates admins manage (<c>ticket_templates</c>).</summary>
public interface ITicketTemplateRepository
{
    /// <summary>Every template, by name.</summary>
    Task<IReadOnlyList<TicketTemplate>> ListAsync(CancellationToken cancellationToken);

    Task<TicketTemplate?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Whether another template (not <paramref name="exceptId"/>) has this name, compared without case.</summary>
    Task<bool> NameTakenAsync(string name, Guid? exceptId, CancellationToken cancellationToken);

    Task AddAsync(TicketTemplate template, CancellationToken cancellationToken);

    /// <summary>Stores the changed fields of a template read by <see cref="FindAsync"/>; false when it is gone meanwhile.</summary>
    Task<bool> UpdateAsync(TicketTemplate template, CancellationToken cancellationToken);

    /// <summary>False when there was no such template.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);
}
