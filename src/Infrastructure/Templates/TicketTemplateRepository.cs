using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Templates;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Templates;

internal sealed class TicketTemplateRepository(TicketingDbContext db) : ITicketTemplateRepository
{
    public async Task<IReadOnlyList<TicketTemplate>> ListAsync(CancellationToken cancellationToken) =>
        await db.TicketTemplates.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(cancellationToken);

    public Task<TicketTemplate?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.TicketTemplates.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    // A few dozen templates at most: compared here, with .NET's case rules, rather than with the database's.
    public async Task<bool> NameTakenAsync(string name, Guid? exceptId, CancellationToken cancellationToken) =>
        (await db.TicketTemplates.AsNoTracking().Where(t => exceptId == null || t.Id != exceptId).Select(t => t.Name).ToListAsync(cancellationToken))
        .Contains(name, StringComparer.OrdinalIgnoreCase);

    public async Task AddAsync(TicketTemplate template, CancellationToken cancellationToken)
    {
        db.TicketTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> UpdateAsync(TicketTemplate template, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await db.TicketTemplates.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
}
