using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Integration;

internal sealed class SystemConfigRepository(TicketingDbContext db) : ISystemConfigRepository
{
    public Task<TicketingSystemConfig?> GetAsync(CancellationToken cancellationToken) =>
        db.SystemConfigs.AsNoTracking().OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
}
