using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The unresolved tickets by Championship IT's due date (docs/decisions/106-list-speed.md): the KPIs' "overdue" and
    /// "at risk" count their remote-due half on it with an index-only scan, and the list's Overdue / At-risk filters walk
    /// it instead of every ticket's due date, resolved ones included.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206160000_ListSpeedActiveDueIndex")]
    public partial class ListSpeedActiveDueIndex : Migration
    {
        // TicketStatuses.Active spelled out: a migration must not change when the code does. Written as a text array,
        // not "status IN (...)": PostgreSQL prints that form back differently from how it reads it, and the initial bulk
        // load re-creates indexes from their printed definitions (decision 062), which must give the same text again.
        private const string CreateSql =
            """
            CREATE INDEX IF NOT EXISTS ix_tickets_cache_active_due ON tickets_cache (due_date) INCLUDE (id)
                WHERE deleted_at IS NULL AND status::text = ANY (ARRAY['open', 'in_progress', 'pending', 'on_hold']);
            """;

        private const string DropSql = "DROP INDEX IF EXISTS ix_tickets_cache_active_due;";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(CreateSql);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(DropSql);
    }
}
