using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The reopen rate's rollup (docs/decisions/127-analytics-reopen-rate.md): per kept zone, local day of
    /// resolution and category × department × priority × assignee × SLA policy, the tickets resolved (or
    /// closed) that were reopened at least once before — a <c>ticket_history</c> status change from
    /// resolved or closed to an active status. <c>analytics_reopened_tickets</c> holds, per such ticket,
    /// exactly what the rollup counts for it; every trigger (a history row written or removed, a mirror
    /// row changed or purged, an SLA row re-policied) recomputes the wanted row of the tickets it touched
    /// from the committed state after the rollup lock, and moves the difference. So the order in which one
    /// statement's triggers fire (the sync's upsert writes the mirror and the history at once) does not
    /// matter: the second finds nothing left to move.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206150000_AnalyticsReopens")]
    public partial class AnalyticsReopens : Migration
    {
        // AdvisoryLocks.AnalyticsRollups, spelled out: a migration must not change when the code does. The
        // same lock as the other rollups, so no writer holds the counters' lock while waiting for this one.
        private const string LockKey = "7243100009";

        // A reopening (ReopenSql.Condition, spelled out): resolved or closed to open, in progress, pending or on hold.
        private const string Reopening = """
            h.field = 'status' AND h.old_value IN ('resolved', 'closed') AND h.new_value IN ('open', 'in_progress', 'pending', 'on_hold')
            """;

        // Adds the rows of %1$s (a query of resolved_at, the dimensions and sign) for the zones of %2$s.
        private const string RollupTemplate = """
            INSERT INTO analytics_reopen_rollups AS r (zone, day, category, department, priority, assignee_id, policy_id, reopened)
            SELECT * FROM (
                SELECT z.zone, (x.resolved_at AT TIME ZONE z.zone)::date AS day, x.category, x.department, x.priority, x.assignee_id, x.policy_id,
                       sum(x.sign) AS reopened
                FROM (%1$s) x
                CROSS JOIN (%2$s) z
                GROUP BY 1, 2, 3, 4, 5, 6, 7) d
            WHERE d.reopened <> 0
            ORDER BY d.zone, d.day, d.category, d.department, d.priority, d.assignee_id, d.policy_id
            ON CONFLICT ON CONSTRAINT ux_analytics_reopen_rollups DO UPDATE SET reopened = r.reopened + EXCLUDED.reopened
            """;

        private const string Columns = "resolved_at, category, department, priority, assignee_id, policy_id";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE analytics_reopen_rollups (
                    zone text NOT NULL,
                    day date NOT NULL,
                    category text,
                    department text,
                    priority text NOT NULL,
                    assignee_id text,
                    policy_id uuid,
                    reopened bigint NOT NULL DEFAULT 0,
                    CONSTRAINT ux_analytics_reopen_rollups UNIQUE NULLS NOT DISTINCT (zone, day, category, department, priority, assignee_id, policy_id));

                -- What the rollup counts per ticket; no foreign key: a purged ticket's row is taken out by the trigger.
                CREATE TABLE analytics_reopened_tickets (
                    ticket_id uuid NOT NULL,
                    resolved_at timestamptz NOT NULL,
                    category text,
                    department text,
                    priority text NOT NULL,
                    assignee_id text,
                    policy_id uuid,
                    CONSTRAINT pk_analytics_reopened_tickets PRIMARY KEY (ticket_id));

                -- The live tickets, resolved or closed now, reopened at least once: what the rollup should count.
                CREATE VIEW analytics_reopened_now AS
                SELECT t.id AS ticket_id, t.resolved_at, t.category, t.department, t.priority, t.assignee_id, s.policy_id
                FROM tickets_cache t
                LEFT JOIN ticket_sla s ON s.ticket_id = t.id
                WHERE t.deleted_at IS NULL AND t.status IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL
                  AND EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND {Reopening});

                CREATE FUNCTION analytics_reopens_reconcile(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF cardinality(ids) = 0 THEN
                        RETURN;
                    END IF;
                    PERFORM pg_advisory_xact_lock({LockKey});
                    EXECUTE format($q${RollupTemplate}$q$,
                        'SELECT {Columns}, -1 AS sign FROM analytics_reopened_tickets WHERE ticket_id = ANY($1)
                         UNION ALL
                         SELECT {Columns}, 1 AS sign FROM analytics_reopened_now WHERE ticket_id = ANY($1)',
                        'SELECT zone FROM analytics_zones') USING ids;
                    DELETE FROM analytics_reopened_tickets WHERE ticket_id = ANY(ids);
                    INSERT INTO analytics_reopened_tickets (ticket_id, {Columns})
                    SELECT ticket_id, {Columns} FROM analytics_reopened_now WHERE ticket_id = ANY(ids);
                END
                $fn$;

                CREATE FUNCTION analytics_reopens_on_history() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        PERFORM analytics_reopens_reconcile(ARRAY(SELECT DISTINCT h.ticket_id FROM new_rows h WHERE {Reopening}));
                    ELSE
                        PERFORM analytics_reopens_reconcile(ARRAY(SELECT DISTINCT h.ticket_id FROM old_rows h WHERE {Reopening}));
                    END IF;
                    RETURN NULL;
                END
                $fn$;

                -- Only tickets counted now, or with a reopening in their history, can move.
                CREATE FUNCTION analytics_reopens_on_mirror() RETURNS trigger LANGUAGE plpgsql AS $fn$
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

                CREATE FUNCTION analytics_reopens_on_sla() RETURNS trigger LANGUAGE plpgsql AS $fn$
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

                -- A zone starts being kept (analytics_zone_add): its rows from what is counted now.
                CREATE FUNCTION analytics_reopens_on_zone() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM pg_advisory_xact_lock({LockKey});
                    EXECUTE format($q${RollupTemplate}$q$,
                        'SELECT {Columns}, 1 AS sign FROM analytics_reopened_tickets',
                        'SELECT zone FROM new_zones');
                    RETURN NULL;
                END
                $fn$;

                CREATE FUNCTION analytics_reopens_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM pg_advisory_xact_lock({LockKey});
                    DELETE FROM analytics_reopened_tickets;
                    DELETE FROM analytics_reopen_rollups;
                    INSERT INTO analytics_reopened_tickets (ticket_id, {Columns}) SELECT ticket_id, {Columns} FROM analytics_reopened_now;
                    EXECUTE format($q${RollupTemplate}$q$,
                        'SELECT {Columns}, 1 AS sign FROM analytics_reopened_tickets',
                        'SELECT zone FROM analytics_zones');
                END
                $fn$;

                CREATE TRIGGER tr_ticket_history_analytics_reopens_insert AFTER INSERT ON ticket_history
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_reopens_on_history();
                CREATE TRIGGER tr_ticket_history_analytics_reopens_delete AFTER DELETE ON ticket_history
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_reopens_on_history();
                CREATE TRIGGER tr_tickets_cache_analytics_reopens_update AFTER UPDATE ON tickets_cache
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_reopens_on_mirror();
                CREATE TRIGGER tr_tickets_cache_analytics_reopens_delete AFTER DELETE ON tickets_cache
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_reopens_on_mirror();
                CREATE TRIGGER tr_ticket_sla_analytics_reopens_insert AFTER INSERT ON ticket_sla
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_reopens_on_sla();
                CREATE TRIGGER tr_ticket_sla_analytics_reopens_update AFTER UPDATE ON ticket_sla
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_reopens_on_sla();
                CREATE TRIGGER tr_ticket_sla_analytics_reopens_delete AFTER DELETE ON ticket_sla
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_reopens_on_sla();
                CREATE TRIGGER tr_analytics_zones_reopens_insert AFTER INSERT ON analytics_zones
                    REFERENCING NEW TABLE AS new_zones FOR EACH STATEMENT EXECUTE FUNCTION analytics_reopens_on_zone();

                -- One rebuild for every analytics rollup (and the mirror's TRUNCATE, which calls it by name).
                ALTER FUNCTION analytics_rollups_rebuild() RENAME TO analytics_rollups_rebuild_days;
                CREATE FUNCTION analytics_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM analytics_rollups_rebuild_days();
                    PERFORM analytics_reopens_rebuild();
                END
                $fn$;

                SELECT analytics_reopens_rebuild();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION analytics_rollups_rebuild();
                ALTER FUNCTION analytics_rollups_rebuild_days() RENAME TO analytics_rollups_rebuild;
                DROP TRIGGER tr_analytics_zones_reopens_insert ON analytics_zones;
                DROP TRIGGER tr_ticket_sla_analytics_reopens_delete ON ticket_sla;
                DROP TRIGGER tr_ticket_sla_analytics_reopens_update ON ticket_sla;
                DROP TRIGGER tr_ticket_sla_analytics_reopens_insert ON ticket_sla;
                DROP TRIGGER tr_tickets_cache_analytics_reopens_delete ON tickets_cache;
                DROP TRIGGER tr_tickets_cache_analytics_reopens_update ON tickets_cache;
                DROP TRIGGER tr_ticket_history_analytics_reopens_delete ON ticket_history;
                DROP TRIGGER tr_ticket_history_analytics_reopens_insert ON ticket_history;
                DROP FUNCTION analytics_reopens_rebuild();
                DROP FUNCTION analytics_reopens_on_zone();
                DROP FUNCTION analytics_reopens_on_sla();
                DROP FUNCTION analytics_reopens_on_mirror();
                DROP FUNCTION analytics_reopens_on_history();
                DROP FUNCTION analytics_reopens_reconcile(uuid[]);
                DROP VIEW analytics_reopened_now;
                DROP TABLE analytics_reopened_tickets;
                DROP TABLE analytics_reopen_rollups;
                """);
        }
    }
}
