using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Auto-apply claims that survive a failed write (decision 103): a claim no longer deletes the mark of
    /// <c>triage_arrivals</c> but reserves it for a while (<c>claim_id</c>, <c>claimed_until</c>) and counts the
    /// attempt; the mark is deleted once the write is done, or put back with the reason and the time of the next
    /// attempt, or, after the last attempt, kept as failed (<c>failed_at</c>) for the admin page. Not in the EF
    /// model: only SQL reads it. Spelled out here: a migration must not change when the code does.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206153100_TriageArrivalRetries")]
    public partial class TriageArrivalRetries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE triage_arrivals
                    ADD COLUMN attempts integer NOT NULL DEFAULT 0,
                    ADD COLUMN next_attempt_at timestamptz,
                    ADD COLUMN claim_id uuid,
                    ADD COLUMN claimed_until timestamptz,
                    ADD COLUMN last_error text,
                    ADD COLUMN failed_at timestamptz;
                UPDATE triage_arrivals SET next_attempt_at = marked_at;
                ALTER TABLE triage_arrivals
                    ALTER COLUMN next_attempt_at SET NOT NULL,
                    ALTER COLUMN next_attempt_at SET DEFAULT clock_timestamp(),
                    ADD CONSTRAINT ck_triage_arrivals_attempts CHECK (attempts >= 0);
                DROP INDEX ix_triage_arrivals_marked_at;
                CREATE INDEX ix_triage_arrivals_due ON triage_arrivals (next_attempt_at, ticket_id) WHERE failed_at IS NULL;
                CREATE INDEX ix_triage_arrivals_failed ON triage_arrivals (failed_at) WHERE failed_at IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_triage_arrivals_failed;
                DROP INDEX IF EXISTS ix_triage_arrivals_due;
                DELETE FROM triage_arrivals WHERE failed_at IS NOT NULL;
                ALTER TABLE triage_arrivals
                    DROP CONSTRAINT IF EXISTS ck_triage_arrivals_attempts,
                    DROP COLUMN failed_at,
                    DROP COLUMN last_error,
                    DROP COLUMN claimed_until,
                    DROP COLUMN claim_id,
                    DROP COLUMN next_attempt_at,
                    DROP COLUMN attempts;
                CREATE INDEX ix_triage_arrivals_marked_at ON triage_arrivals (marked_at);
                """);
        }
    }
}
