using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The unresolved tickets by Championship IT's due date (decision 106) now also carry the analytics filters' columns
    /// (docs/decisions/141-analytics-page-speed.md): the analytics workload counts its overdue column per assignee, under any
    /// category, department or priority filter, with an index-only scan instead of visiting every overdue ticket's row
    /// (86–232 ms at 100,000 tickets, 4–13 ms after). The KPIs and the list use it as before.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206184000_AnalyticsOverdueCoveringIndex")]
    public partial class AnalyticsOverdueCoveringIndex : Migration
    {
        // Written in the form PostgreSQL prints back unchanged, as 20261206160000_ListSpeedActiveDueIndex explains.
        private const string CreateSql =
            """
            DROP INDEX IF EXISTS ix_tickets_cache_active_due;
            CREATE INDEX ix_tickets_cache_active_due ON tickets_cache (due_date) INCLUDE (id, assignee_id, category, department, priority)
                WHERE deleted_at IS NULL AND status::text = ANY (ARRAY['open', 'in_progress', 'pending', 'on_hold']);
            """;

        private const string RestoreSql =
            """
            DROP INDEX IF EXISTS ix_tickets_cache_active_due;
            CREATE INDEX ix_tickets_cache_active_due ON tickets_cache (due_date) INCLUDE (id)
                WHERE deleted_at IS NULL AND status::text = ANY (ARRAY['open', 'in_progress', 'pending', 'on_hold']);
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(CreateSql);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(RestoreSql);
    }
}
