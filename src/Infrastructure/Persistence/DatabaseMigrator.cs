using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ticketing.Infrastructure.Persistence;

/// <summary>Applies pending EF Core migrations.</summary>
public sealed class DatabaseMigrator(TicketingDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is up to date");
            return;
        }

        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database schema is up to date");
    }
}
