using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// When the remote last showed a ticket that did not change, kept beside the mirror instead of in it:
    /// a full sync over an unchanged mirror used to stamp <c>last_synced_at</c> on every row (a new
    /// version of every ticket per run, a table that doubled and waited for vacuum). A sighting is a
    /// narrow row, inserted during a full pass and truncated when the next one starts, so the table never
    /// bloats; unlogged, as it is bookkeeping a crash may lose (the run that crashed is abandoned, and a
    /// ticket whose sighting is lost is at worst read again by id). Not in the EF model: only SQL reads it.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206074500_TicketSightings")]
    public partial class TicketSightings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE UNLOGGED TABLE ticket_sightings (
                    external_ticket_id text NOT NULL,
                    seen_at timestamptz NOT NULL,
                    CONSTRAINT pk_ticket_sightings PRIMARY KEY (external_ticket_id));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE ticket_sightings;");
        }
    }
}
