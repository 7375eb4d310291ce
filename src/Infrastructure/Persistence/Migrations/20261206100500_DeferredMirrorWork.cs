using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// What an initial bulk load put off (decision 062): each row is a statement to run once the load is
    /// over — building a dropped index of <c>tickets_cache</c>, rebuilding the KPI counters. Written before
    /// the index is dropped, in the same transaction, and deleted with the statement's own commit, so a
    /// load that crashes half-way is completed by the next sync. Not in the EF model: only SQL reads it.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206100500_DeferredMirrorWork")]
    public partial class DeferredMirrorWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE deferred_mirror_work (
                    name text NOT NULL,
                    statement text NOT NULL,
                    deferred_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT pk_deferred_mirror_work PRIMARY KEY (name));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE deferred_mirror_work;");
        }
    }
}
