using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A full SLA run is split into slices of ticket ids (docs/decisions/143-sla-recompute-in-slices.md), so several
    /// workers recompute one run at once: each slice has its own cursor and is claimed with <c>FOR UPDATE SKIP LOCKED</c>;
    /// a slice row is deleted in the transaction that writes its last tickets, and the run is finished by the
    /// transaction that leaves it without slices. The run row also sums where a run's time went (read, evaluate, write),
    /// for the benchmark and operators. A run under way when this migration runs keeps going as one slice from its cursor.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206200000_SlaRecomputeSlices")]
    public partial class SlaRecomputeSlices : Migration
    {
        private const string CreateSql =
            """
            CREATE TABLE sla_recompute_slices (
                run_id bigint NOT NULL REFERENCES sla_recompute_runs (id) ON DELETE CASCADE,
                slice integer NOT NULL,
                lower_id uuid,
                upper_id uuid,
                cursor_id uuid,
                PRIMARY KEY (run_id, slice)
            );
            ALTER TABLE sla_recompute_runs
                ADD COLUMN read_ms bigint NOT NULL DEFAULT 0,
                ADD COLUMN evaluate_ms bigint NOT NULL DEFAULT 0,
                ADD COLUMN write_ms bigint NOT NULL DEFAULT 0;
            INSERT INTO sla_recompute_slices (run_id, slice, lower_id)
            SELECT id, 0, cursor_id FROM sla_recompute_runs WHERE finished_at IS NULL AND started_at IS NOT NULL;
            """;

        private const string DropSql =
            """
            DROP TABLE IF EXISTS sla_recompute_slices;
            ALTER TABLE sla_recompute_runs
                DROP COLUMN IF EXISTS read_ms,
                DROP COLUMN IF EXISTS evaluate_ms,
                DROP COLUMN IF EXISTS write_ms;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(CreateSql);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(DropSql);
    }
}
