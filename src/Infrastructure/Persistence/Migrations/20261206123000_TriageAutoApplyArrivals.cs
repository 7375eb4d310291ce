using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Marks for auto-apply on tickets arriving from Championship IT (decision 111): a statement-level trigger on
    /// <c>ticket_events</c> sees the <c>created</c> events a sync or webhook upsert writes in the same statement
    /// as the ticket (the app's own creations carry source <c>app</c> and are auto-applied before they are filed;
    /// an initial bulk load writes no events, so history is never marked) and marks, set-based, the new tickets
    /// that are not deleted and leave empty a field an admin enabled auto-apply for. Nothing is marked while
    /// auto-apply is off. Not in the EF model: only SQL reads it. Spelled out here: a migration must not change
    /// when the code does.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206123000_TriageAutoApplyArrivals")]
    public partial class TriageAutoApplyArrivals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE triage_arrivals (
                    ticket_id uuid NOT NULL,
                    marked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                    CONSTRAINT pk_triage_arrivals PRIMARY KEY (ticket_id),
                    CONSTRAINT fk_triage_arrivals_ticket FOREIGN KEY (ticket_id) REFERENCES tickets_cache (id) ON DELETE CASCADE);
                CREATE INDEX ix_triage_arrivals_marked_at ON triage_arrivals (marked_at);

                CREATE FUNCTION triage_mark_arrivals() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO triage_arrivals (ticket_id)
                    SELECT DISTINCT e.ticket_id
                    FROM new_rows e
                    JOIN tickets_cache t ON t.id = e.ticket_id
                    JOIN triage_settings s ON s.id = 1
                    WHERE e.event_type = 'created' AND e.source IN ('sync', 'webhook') AND t.deleted_at IS NULL
                      AND ((s.auto_apply_category_above IS NOT NULL AND coalesce(btrim(t.category), '') = '')
                        OR (s.auto_apply_department_above IS NOT NULL AND coalesce(btrim(t.department), '') = ''))
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER tr_ticket_events_triage_arrivals AFTER INSERT ON ticket_events
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_mark_arrivals();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS tr_ticket_events_triage_arrivals ON ticket_events;
                DROP FUNCTION IF EXISTS triage_mark_arrivals();
                DROP TABLE IF EXISTS triage_arrivals;
                """);
        }
    }
}
