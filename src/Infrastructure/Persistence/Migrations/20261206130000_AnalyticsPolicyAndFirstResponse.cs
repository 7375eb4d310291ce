using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The analytics rollups gain the SLA policy dimension and the policy figures (decision 126): each
    /// rollup row is also keyed by the ticket's policy (<c>ticket_sla.policy_id</c>, null without one);
    /// the day rows count, on the resolution day, the first responses and resolutions met and breached by
    /// the policy; <c>analytics_response_hist</c> holds first-response times (first public reply by an
    /// agent, as <c>ticket_sla.first_response_at</c> keeps it) by the day of the reply. A change on either
    /// side — the mirror row or its <c>ticket_sla</c> row — moves the ticket's contribution, each trigger
    /// reading the other side as committed after the rollup lock, so the rollups stay a recomputation.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206130000_AnalyticsPolicyAndFirstResponse")]
    public partial class AnalyticsPolicyAndFirstResponse : Migration
    {
        // AdvisoryLocks.AnalyticsRollups, spelled out: a migration must not change when the code does.
        internal const string LockKey = "7243100009";

        // The fields of a source row (a mirror row t with its SLA row s, or no SLA row: "LEFT JOIN ticket_sla s
        // ON false") the templates read. "active" and "done" are TicketStatuses.Active and .Resolved, spelled out.
        internal const string Fields = """
            t.category, t.department, t.priority, t.assignee_id, t.created_at, t.resolved_at, t.due_date,
            t.status IN ('open', 'in_progress', 'pending', 'on_hold') AS active,
            (t.status IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL) AS done,
            s.policy_id, s.first_response_at, s.first_response_state, s.resolution_state
            """;

        // The SLA side as the mirror's triggers join it: the live rows, and those a purge's cascade removed
        // a moment earlier in the same statement (see analytics_sla_gone).
        internal const string SlaSide = """
            (SELECT ticket_id, policy_id, first_response_at, first_response_state, resolution_state FROM ticket_sla
             UNION ALL
             SELECT ticket_id, policy_id, first_response_at, first_response_state, resolution_state FROM analytics_sla_gone)
            """;

        // Each template adds a source's rows (Fields and sign: +1 or -1; %1$s) to one table for the zones
        // of %2$s (a query of one column, zone), in key order. format() must see no other percent sign.
        internal const string DaysTemplate = """
            INSERT INTO analytics_day_rollups AS r (zone, day, category, department, priority, assignee_id, policy_id,
                                                    created, backlog_in, resolved, open_created, resolved_with_due, resolved_by_due,
                                                    response_met, response_breached, resolution_met, resolution_breached)
            SELECT * FROM (
                SELECT z.zone, e.day, x.category, x.department, x.priority, x.assignee_id, x.policy_id,
                       sum(e.created) AS created, sum(e.backlog_in) AS backlog_in, sum(e.resolved) AS resolved,
                       sum(e.open_created) AS open_created, sum(e.with_due) AS with_due, sum(e.by_due) AS by_due,
                       sum(e.response_met) AS response_met, sum(e.response_breached) AS response_breached,
                       sum(e.resolution_met) AS resolution_met, sum(e.resolution_breached) AS resolution_breached
                FROM (%1$s) x
                CROSS JOIN (%2$s) z
                CROSS JOIN LATERAL (VALUES
                    ((x.created_at AT TIME ZONE z.zone)::date, x.sign,
                     CASE WHEN x.active OR x.done THEN x.sign ELSE 0 END, 0,
                     CASE WHEN x.active THEN x.sign ELSE 0 END, 0, 0, 0, 0, 0, 0),
                    (CASE WHEN x.done THEN (x.resolved_at AT TIME ZONE z.zone)::date END, 0, 0, x.sign, 0,
                     CASE WHEN x.due_date IS NOT NULL THEN x.sign ELSE 0 END,
                     CASE WHEN x.resolved_at <= x.due_date THEN x.sign ELSE 0 END,
                     CASE WHEN x.first_response_state = 'met' THEN x.sign ELSE 0 END,
                     CASE WHEN x.first_response_state = 'breached' THEN x.sign ELSE 0 END,
                     CASE WHEN x.resolution_state = 'met' THEN x.sign ELSE 0 END,
                     CASE WHEN x.resolution_state = 'breached' THEN x.sign ELSE 0 END))
                    AS e(day, created, backlog_in, resolved, open_created, with_due, by_due,
                         response_met, response_breached, resolution_met, resolution_breached)
                WHERE e.day IS NOT NULL
                GROUP BY z.zone, e.day, x.category, x.department, x.priority, x.assignee_id, x.policy_id) d
            WHERE d.created <> 0 OR d.backlog_in <> 0 OR d.resolved <> 0 OR d.open_created <> 0 OR d.with_due <> 0 OR d.by_due <> 0
               OR d.response_met <> 0 OR d.response_breached <> 0 OR d.resolution_met <> 0 OR d.resolution_breached <> 0
            ORDER BY d.zone, d.day, d.category, d.department, d.priority, d.assignee_id, d.policy_id
            ON CONFLICT ON CONSTRAINT ux_analytics_day_rollups DO UPDATE SET
                created = r.created + EXCLUDED.created,
                backlog_in = r.backlog_in + EXCLUDED.backlog_in,
                resolved = r.resolved + EXCLUDED.resolved,
                open_created = r.open_created + EXCLUDED.open_created,
                resolved_with_due = r.resolved_with_due + EXCLUDED.resolved_with_due,
                resolved_by_due = r.resolved_by_due + EXCLUDED.resolved_by_due,
                response_met = r.response_met + EXCLUDED.response_met,
                response_breached = r.response_breached + EXCLUDED.response_breached,
                resolution_met = r.resolution_met + EXCLUDED.resolution_met,
                resolution_breached = r.resolution_breached + EXCLUDED.resolution_breached
            """;

        // Resolution and first-response time buckets; their upper edges in seconds are ResolutionBuckets.UpperEdges.
        private const string Edges = """
            ARRAY[900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200,
                  432000, 604800, 1209600, 2592000, 5184000, 7776000]::float8[]
            """;

        internal const string HistogramTemplate = $"""
            INSERT INTO analytics_resolution_hist AS r (zone, day, category, department, priority, assignee_id, policy_id, bucket, tickets)
            SELECT * FROM (
                SELECT z.zone, (x.resolved_at AT TIME ZONE z.zone)::date AS day, x.category, x.department, x.priority, x.assignee_id, x.policy_id,
                       width_bucket(greatest(extract(epoch FROM x.resolved_at - x.created_at), 0)::float8, {Edges})::smallint AS bucket,
                       sum(x.sign) AS tickets
                FROM (%1$s) x
                CROSS JOIN (%2$s) z
                WHERE x.done
                GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) d
            WHERE d.tickets <> 0
            ORDER BY d.zone, d.day, d.category, d.department, d.priority, d.assignee_id, d.policy_id, d.bucket
            ON CONFLICT ON CONSTRAINT ux_analytics_resolution_hist DO UPDATE SET tickets = r.tickets + EXCLUDED.tickets
            """;

        internal const string ResponseTemplate = $"""
            INSERT INTO analytics_response_hist AS r (zone, day, category, department, priority, assignee_id, policy_id, bucket, tickets)
            SELECT * FROM (
                SELECT z.zone, (x.first_response_at AT TIME ZONE z.zone)::date AS day, x.category, x.department, x.priority, x.assignee_id, x.policy_id,
                       width_bucket(greatest(extract(epoch FROM x.first_response_at - x.created_at), 0)::float8, {Edges})::smallint AS bucket,
                       sum(x.sign) AS tickets
                FROM (%1$s) x
                CROSS JOIN (%2$s) z
                WHERE x.first_response_at IS NOT NULL
                GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) d
            WHERE d.tickets <> 0
            ORDER BY d.zone, d.day, d.category, d.department, d.priority, d.assignee_id, d.policy_id, d.bucket
            ON CONFLICT ON CONSTRAINT ux_analytics_response_hist DO UPDATE SET tickets = r.tickets + EXCLUDED.tickets
            """;

        internal const string OpenTemplate = """
            INSERT INTO analytics_open_counts AS r (category, department, priority, assignee_id, policy_id, tickets)
            SELECT * FROM (
                SELECT x.category, x.department, x.priority, x.assignee_id, x.policy_id, sum(x.sign) AS tickets
                FROM (%1$s) x
                WHERE x.active
                GROUP BY 1, 2, 3, 4, 5) d
            WHERE d.tickets <> 0
            ORDER BY d.category, d.department, d.priority, d.assignee_id, d.policy_id
            ON CONFLICT ON CONSTRAINT ux_analytics_open_counts DO UPDATE SET tickets = r.tickets + EXCLUDED.tickets
            """;

        internal const string ApplyAll = $"""
                    EXECUTE format($q${DaysTemplate}$q$, source, zones);
                    EXECUTE format($q${HistogramTemplate}$q$, source, zones);
                    EXECUTE format($q${ResponseTemplate}$q$, source, zones);
                    EXECUTE format($q${OpenTemplate}$q$, source, zones);
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE analytics_day_rollups
                    ADD COLUMN policy_id uuid,
                    ADD COLUMN response_met bigint NOT NULL DEFAULT 0,
                    ADD COLUMN response_breached bigint NOT NULL DEFAULT 0,
                    ADD COLUMN resolution_met bigint NOT NULL DEFAULT 0,
                    ADD COLUMN resolution_breached bigint NOT NULL DEFAULT 0,
                    DROP CONSTRAINT ux_analytics_day_rollups,
                    ADD CONSTRAINT ux_analytics_day_rollups UNIQUE NULLS NOT DISTINCT (zone, day, category, department, priority, assignee_id, policy_id);

                ALTER TABLE analytics_resolution_hist
                    ADD COLUMN policy_id uuid,
                    DROP CONSTRAINT ux_analytics_resolution_hist,
                    ADD CONSTRAINT ux_analytics_resolution_hist UNIQUE NULLS NOT DISTINCT (zone, day, category, department, priority, assignee_id, policy_id, bucket);

                ALTER TABLE analytics_open_counts
                    ADD COLUMN policy_id uuid,
                    DROP CONSTRAINT ux_analytics_open_counts,
                    ADD CONSTRAINT ux_analytics_open_counts UNIQUE NULLS NOT DISTINCT (category, department, priority, assignee_id, policy_id);

                CREATE TABLE analytics_response_hist (
                    zone text NOT NULL,
                    day date NOT NULL,
                    category text,
                    department text,
                    priority text NOT NULL,
                    assignee_id text,
                    policy_id uuid,
                    bucket smallint NOT NULL,
                    tickets bigint NOT NULL DEFAULT 0,
                    CONSTRAINT ux_analytics_response_hist UNIQUE NULLS NOT DISTINCT (zone, day, category, department, priority, assignee_id, policy_id, bucket));

                -- The SLA rows of the tickets a statement purges, kept for the rest of that statement: the
                -- cascade removes them before the mirror's statement trigger runs, and the cascade's own
                -- trigger fires after it, when the ticket is gone; so a row trigger parks each one here
                -- first and the mirror's trigger takes the policy from here and empties it. Never holds
                -- a committed row.
                CREATE TABLE analytics_sla_gone (
                    ticket_id uuid NOT NULL,
                    policy_id uuid NOT NULL,
                    first_response_at timestamptz,
                    first_response_state text NOT NULL,
                    resolution_state text NOT NULL);
                """);

            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_rollups_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                    zones constant text := 'SELECT zone FROM analytics_zones';
                    relevant boolean;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        source := $s$SELECT {Fields}, 1 AS sign FROM new_rows t LEFT JOIN ticket_sla s ON s.ticket_id = t.id WHERE t.deleted_at IS NULL$s$;
                    ELSIF TG_OP = 'DELETE' THEN
                        source := $s$SELECT {Fields}, -1 AS sign FROM old_rows t LEFT JOIN {SlaSide} s ON s.ticket_id = t.id WHERE t.deleted_at IS NULL$s$;
                    ELSE
                        source := $s$
                            WITH moved AS (
                                SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                                WHERE (o.deleted_at IS NULL, o.status, o.priority, o.category, o.department, o.assignee_id, o.created_at, o.resolved_at, o.due_date)
                                      IS DISTINCT FROM
                                      (n.deleted_at IS NULL, n.status, n.priority, n.category, n.department, n.assignee_id, n.created_at, n.resolved_at, n.due_date))
                            SELECT {Fields}, -1 AS sign FROM old_rows t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
                            WHERE t.deleted_at IS NULL AND t.id IN (SELECT id FROM moved)
                            UNION ALL
                            SELECT {Fields}, 1 AS sign FROM new_rows t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
                            WHERE t.deleted_at IS NULL AND t.id IN (SELECT id FROM moved)
                            $s$;
                    END IF;

                    -- Only the transition tables decide relevance: the SLA side is read after the lock.
                    EXECUTE format('SELECT EXISTS (%s)', source) INTO relevant;
                    IF NOT relevant THEN
                        IF TG_OP = 'DELETE' THEN
                            DELETE FROM analytics_sla_gone WHERE ticket_id IN (SELECT id FROM old_rows);
                        END IF;
                        RETURN NULL;
                    END IF;

                    -- One writing transaction at a time, so two writers touching the same rollup rows in
                    -- different orders cannot deadlock, and each reads the other side as committed; held until commit.
                    PERFORM pg_advisory_xact_lock({LockKey});
                {ApplyAll}
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM analytics_sla_gone WHERE ticket_id IN (SELECT id FROM old_rows);
                    END IF;
                    RETURN NULL;
                END
                $fn$;

                -- A ticket's SLA row changing (its policy, first response or met/breached states) moves the
                -- ticket's contribution from the old SLA row to the new one (no row: no policy).
                CREATE FUNCTION analytics_rollups_on_sla_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                    zones constant text := 'SELECT zone FROM analytics_zones';
                    relevant boolean;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        relevant := EXISTS (SELECT 1 FROM new_rows);
                        source := $s$
                            SELECT {Fields}, -1 AS sign FROM new_rows n JOIN tickets_cache t ON t.id = n.ticket_id LEFT JOIN ticket_sla s ON false
                            WHERE t.deleted_at IS NULL
                            UNION ALL
                            SELECT {Fields}, 1 AS sign FROM new_rows s JOIN tickets_cache t ON t.id = s.ticket_id WHERE t.deleted_at IS NULL
                            $s$;
                    ELSIF TG_OP = 'DELETE' THEN
                        relevant := EXISTS (SELECT 1 FROM old_rows);
                        source := $s$
                            SELECT {Fields}, -1 AS sign FROM old_rows s JOIN tickets_cache t ON t.id = s.ticket_id WHERE t.deleted_at IS NULL
                            UNION ALL
                            SELECT {Fields}, 1 AS sign FROM old_rows o JOIN tickets_cache t ON t.id = o.ticket_id LEFT JOIN ticket_sla s ON false
                            WHERE t.deleted_at IS NULL
                            $s$;
                    ELSE
                        relevant := EXISTS (
                            SELECT 1 FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id
                            WHERE (o.policy_id, o.first_response_at, o.first_response_state, o.resolution_state)
                                  IS DISTINCT FROM (n.policy_id, n.first_response_at, n.first_response_state, n.resolution_state));
                        source := $s$
                            WITH moved AS (
                                SELECT o.ticket_id FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id
                                WHERE (o.policy_id, o.first_response_at, o.first_response_state, o.resolution_state)
                                      IS DISTINCT FROM (n.policy_id, n.first_response_at, n.first_response_state, n.resolution_state))
                            SELECT {Fields}, -1 AS sign FROM old_rows s JOIN tickets_cache t ON t.id = s.ticket_id
                            WHERE t.deleted_at IS NULL AND s.ticket_id IN (SELECT ticket_id FROM moved)
                            UNION ALL
                            SELECT {Fields}, 1 AS sign FROM new_rows s JOIN tickets_cache t ON t.id = s.ticket_id
                            WHERE t.deleted_at IS NULL AND s.ticket_id IN (SELECT ticket_id FROM moved)
                            $s$;
                    END IF;

                    IF NOT relevant THEN
                        RETURN NULL;
                    END IF;

                    PERFORM pg_advisory_xact_lock({LockKey});
                {ApplyAll}
                    RETURN NULL;
                END
                $fn$;

                -- Locks the SLA row (FOR UPDATE), so a recompute writing it commits first and the parked row is
                -- the one the rollups count.
                CREATE FUNCTION analytics_park_sla_of_purged() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    INSERT INTO analytics_sla_gone (ticket_id, policy_id, first_response_at, first_response_state, resolution_state)
                    SELECT ticket_id, policy_id, first_response_at, first_response_state, resolution_state
                    FROM ticket_sla WHERE ticket_id = OLD.id FOR UPDATE;
                    RETURN OLD;
                END
                $fn$;

                CREATE TRIGGER tr_tickets_cache_analytics_park_sla BEFORE DELETE ON tickets_cache
                    FOR EACH ROW WHEN (OLD.deleted_at IS NULL) EXECUTE FUNCTION analytics_park_sla_of_purged();

                CREATE TRIGGER tr_ticket_sla_analytics_insert AFTER INSERT ON ticket_sla
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_on_sla_change();
                CREATE TRIGGER tr_ticket_sla_analytics_update AFTER UPDATE ON ticket_sla
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_on_sla_change();
                CREATE TRIGGER tr_ticket_sla_analytics_delete AFTER DELETE ON ticket_sla
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_on_sla_change();
                """);

            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
                DECLARE
                    source constant text := $s$SELECT {Fields}, 1 AS sign FROM tickets_cache t LEFT JOIN ticket_sla s ON s.ticket_id = t.id WHERE t.deleted_at IS NULL$s$;
                    zones constant text := 'SELECT zone FROM analytics_zones';
                BEGIN
                    PERFORM pg_advisory_xact_lock({LockKey});
                    DELETE FROM analytics_day_rollups;
                    DELETE FROM analytics_resolution_hist;
                    DELETE FROM analytics_response_hist;
                    DELETE FROM analytics_open_counts;
                {ApplyAll}
                END
                $fn$;

                CREATE OR REPLACE FUNCTION analytics_zone_add(new_zone text) RETURNS boolean LANGUAGE plpgsql AS $fn$
                DECLARE
                    source constant text := $s$SELECT {Fields}, 1 AS sign FROM tickets_cache t LEFT JOIN ticket_sla s ON s.ticket_id = t.id WHERE t.deleted_at IS NULL$s$;
                    zones text;
                BEGIN
                    PERFORM now() AT TIME ZONE new_zone;
                    PERFORM pg_advisory_xact_lock({LockKey});
                    INSERT INTO analytics_zones (zone) VALUES (new_zone) ON CONFLICT DO NOTHING;
                    IF NOT FOUND THEN
                        RETURN false;
                    END IF;
                    zones := format('SELECT %L::text AS zone', new_zone);
                    EXECUTE format($q${DaysTemplate}$q$, source, zones);
                    EXECUTE format($q${HistogramTemplate}$q$, source, zones);
                    EXECUTE format($q${ResponseTemplate}$q$, source, zones);
                    RETURN true;
                END
                $fn$;

                SELECT analytics_rollups_rebuild();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the rollups without the policy: everything of both migrations goes, and the first
            // one's tables, functions and triggers come back, recomputed from the mirror.
            migrationBuilder.Sql("""
                DROP TRIGGER tr_ticket_sla_analytics_delete ON ticket_sla;
                DROP TRIGGER tr_ticket_sla_analytics_update ON ticket_sla;
                DROP TRIGGER tr_ticket_sla_analytics_insert ON ticket_sla;
                DROP FUNCTION analytics_rollups_on_sla_change();
                DROP TRIGGER tr_tickets_cache_analytics_park_sla ON tickets_cache;
                DROP FUNCTION analytics_park_sla_of_purged();
                DROP TABLE analytics_sla_gone;
                DROP TABLE analytics_response_hist;
                """);
            AnalyticsRollups.Drop(migrationBuilder);
            AnalyticsRollups.Create(migrationBuilder);
        }
    }
}
