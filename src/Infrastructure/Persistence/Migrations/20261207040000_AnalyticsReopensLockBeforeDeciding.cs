using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The reopen rollup's mirror and SLA triggers decide which tickets to reconcile after the rollup lock
    /// (docs/decisions/118-analytics-reopens-decide-after-the-lock.md). They used to ask, before the lock,
    /// whether a ticket was counted (<c>analytics_reopened_tickets</c>) or had a reopening in its history:
    /// under READ COMMITTED that question saw neither a reopening another writer had just recorded nor the
    /// counted row its trigger had just written (that writer holds the lock until it commits), so the
    /// ticket's status, dimensions or policy changed without being reconciled, and the rollup kept a ticket
    /// no longer resolved (or missed one newly resolved). Now only the transition tables decide whether to
    /// take the lock — only where the other rollups' triggers take it anyway in the same statement — and the
    /// counted rows and the history are read after it. The reopen rollup is rebuilt once, to drop
    /// what the race may have left.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261207040000_AnalyticsReopensLockBeforeDeciding")]
    public partial class AnalyticsReopensLockBeforeDeciding : Migration
    {
        // AdvisoryLocks.AnalyticsRollups, spelled out: a migration must not change when the code does.
        private const string LockKey = "7243100009";

        // A reopening (ReopenSql.Condition, spelled out): resolved or closed to open, in progress, pending or on hold.
        private const string Reopening = """
            h.field = 'status' AND h.old_value IN ('resolved', 'closed') AND h.new_value IN ('open', 'in_progress', 'pending', 'on_hold')
            """;

        // Of the candidates, the tickets the rollup counts or may have to count: read after the lock, so a
        // writer that recorded a reopening or counted a ticket has committed.
        private const string Reconcile = $"""
            PERFORM pg_advisory_xact_lock({LockKey});
                    PERFORM analytics_reopens_reconcile(ARRAY(
                        SELECT c.id FROM unnest(candidates) AS c(id)
                        WHERE c.id IN (SELECT ticket_id FROM analytics_reopened_tickets)
                           OR EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = c.id AND {Reopening})));
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                // A ticket soft-deleted before and after the statement is counted nowhere, before or after.
                ReconcilingTrigger("analytics_reopens_on_mirror", """
                    IF TG_OP = 'DELETE' THEN
                        candidates := ARRAY(SELECT o.id FROM old_rows o WHERE o.deleted_at IS NULL);
                    ELSE
                        candidates := ARRAY(
                            SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                            WHERE (o.deleted_at IS NULL OR n.deleted_at IS NULL)
                              AND (o.deleted_at IS NULL, o.status, o.priority, o.category, o.department, o.assignee_id, o.resolved_at)
                                  IS DISTINCT FROM
                                  (n.deleted_at IS NULL, n.status, n.priority, n.category, n.department, n.assignee_id, n.resolved_at));
                    END IF;
                    """)
                + ReconcilingTrigger("analytics_reopens_on_sla", """
                    IF TG_OP = 'INSERT' THEN
                        candidates := ARRAY(SELECT n.ticket_id FROM new_rows n);
                    ELSIF TG_OP = 'DELETE' THEN
                        candidates := ARRAY(SELECT o.ticket_id FROM old_rows o);
                    ELSE
                        candidates := ARRAY(
                            SELECT n.ticket_id FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id
                            WHERE o.policy_id IS DISTINCT FROM n.policy_id);
                    END IF;
                    """)
                + "SELECT analytics_reopens_rebuild();");
        }

        /// <summary>
        /// A trigger function that picks its candidates from the transition tables alone (<paramref name="chooseCandidates"/>
        /// sets <c>candidates</c>) and reconciles them after the lock.
        /// </summary>
        private static string ReconcilingTrigger(string name, string chooseCandidates) => $"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            DECLARE
                candidates uuid[];
            BEGIN
                {chooseCandidates}
                IF cardinality(candidates) = 0 THEN
                    RETURN NULL;
                END IF;
                {Reconcile}
                RETURN NULL;
            END
            $fn$;

            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The functions as AnalyticsReopens created them.
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_reopens_on_mirror() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        PERFORM analytics_reopens_reconcile(ARRAY(
                            SELECT o.id FROM old_rows o WHERE o.id IN (SELECT ticket_id FROM analytics_reopened_tickets)));
                    ELSE
                        PERFORM analytics_reopens_reconcile(ARRAY(
                            SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                            WHERE (o.deleted_at IS NULL, o.status, o.priority, o.category, o.department, o.assignee_id, o.resolved_at)
                                  IS DISTINCT FROM
                                  (n.deleted_at IS NULL, n.status, n.priority, n.category, n.department, n.assignee_id, n.resolved_at)
                              AND (n.id IN (SELECT ticket_id FROM analytics_reopened_tickets)
                                   OR EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = n.id AND {Reopening}))));
                    END IF;
                    RETURN NULL;
                END
                $fn$;

                CREATE OR REPLACE FUNCTION analytics_reopens_on_sla() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        PERFORM analytics_reopens_reconcile(ARRAY(
                            SELECT DISTINCT n.ticket_id FROM new_rows n
                            WHERE EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = n.ticket_id AND {Reopening})));
                    ELSIF TG_OP = 'DELETE' THEN
                        PERFORM analytics_reopens_reconcile(ARRAY(
                            SELECT ticket_id FROM old_rows WHERE ticket_id IN (SELECT ticket_id FROM analytics_reopened_tickets)));
                    ELSE
                        PERFORM analytics_reopens_reconcile(ARRAY(
                            SELECT n.ticket_id FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id
                            WHERE o.policy_id IS DISTINCT FROM n.policy_id
                              AND n.ticket_id IN (SELECT ticket_id FROM analytics_reopened_tickets)));
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);
        }
    }
}
