using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The analytics page's daily rollups (docs/decisions/120-analytics-rollups.md): per time zone in
    /// <c>analytics_zones</c>, per local day and per category × department × priority × assignee, the
    /// tickets created, resolved, entering the backlog and still open, and the resolution times as a
    /// histogram; the open tickets per the same dimensions. Kept by statement triggers on
    /// <c>tickets_cache</c> in the writing transaction, as the KPI counters are (decision 060), so a late
    /// correction (a ticket reopened, re-dated, re-assigned or deleted) moves its figures to the right
    /// days at once. Not in the EF model: only SQL reads them.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206100000_AnalyticsRollups")]
    public partial class AnalyticsRollups : Migration
    {
        // AdvisoryLocks.AnalyticsRollups, spelled out: a migration must not change when the code does.
        private const string LockKey = "7243100009";

        // The fields of a source row the templates read. "active" is a ticket still to be worked on, "done"
        // one resolved or closed with its resolution time (TicketStatuses.Active and .Resolved, spelled out).
        private const string Fields = """
            category, department, priority, assignee_id, created_at, resolved_at, due_date,
            status IN ('open', 'in_progress', 'pending', 'on_hold') AS active,
            (status IN ('resolved', 'closed') AND resolved_at IS NOT NULL) AS done
            """;

        // Each template adds a source's rows (Fields and sign: +1 or -1; %1$s) to one table for the zones
        // of %2$s (a query of one column, zone), in key order. format() must see no other percent sign.
        // A ticket enters the backlog the day it was created and leaves it the day it was resolved; a
        // cancelled one never counts in it (its cancellation has no date).
        private const string DaysTemplate = """
            INSERT INTO analytics_day_rollups AS r (zone, day, category, department, priority, assignee_id,
                                                    created, backlog_in, resolved, open_created, resolved_with_due, resolved_by_due)
            SELECT * FROM (
                SELECT z.zone, e.day, x.category, x.department, x.priority, x.assignee_id,
                       sum(e.created) AS created, sum(e.backlog_in) AS backlog_in, sum(e.resolved) AS resolved,
                       sum(e.open_created) AS open_created, sum(e.with_due) AS with_due, sum(e.by_due) AS by_due
                FROM (%1$s) x
                CROSS JOIN (%2$s) z
                CROSS JOIN LATERAL (VALUES
                    ((x.created_at AT TIME ZONE z.zone)::date, x.sign,
                     CASE WHEN x.active OR x.done THEN x.sign ELSE 0 END, 0,
                     CASE WHEN x.active THEN x.sign ELSE 0 END, 0, 0),
                    (CASE WHEN x.done THEN (x.resolved_at AT TIME ZONE z.zone)::date END, 0, 0, x.sign, 0,
                     CASE WHEN x.due_date IS NOT NULL THEN x.sign ELSE 0 END,
                     CASE WHEN x.resolved_at <= x.due_date THEN x.sign ELSE 0 END))
                    AS e(day, created, backlog_in, resolved, open_created, with_due, by_due)
                WHERE e.day IS NOT NULL
                GROUP BY z.zone, e.day, x.category, x.department, x.priority, x.assignee_id) d
            WHERE d.created <> 0 OR d.backlog_in <> 0 OR d.resolved <> 0 OR d.open_created <> 0 OR d.with_due <> 0 OR d.by_due <> 0
            ORDER BY d.zone, d.day, d.category, d.department, d.priority, d.assignee_id
            ON CONFLICT ON CONSTRAINT ux_analytics_day_rollups DO UPDATE SET
                created = r.created + EXCLUDED.created,
                backlog_in = r.backlog_in + EXCLUDED.backlog_in,
                resolved = r.resolved + EXCLUDED.resolved,
                open_created = r.open_created + EXCLUDED.open_created,
                resolved_with_due = r.resolved_with_due + EXCLUDED.resolved_with_due,
                resolved_by_due = r.resolved_by_due + EXCLUDED.resolved_by_due
            """;

        // Resolution time buckets; their upper edges in seconds are AnalyticsBuckets.UpperEdgesSeconds.
        private const string HistogramTemplate = """
            INSERT INTO analytics_resolution_hist AS r (zone, day, category, department, priority, assignee_id, bucket, tickets)
            SELECT * FROM (
                SELECT z.zone, (x.resolved_at AT TIME ZONE z.zone)::date AS day, x.category, x.department, x.priority, x.assignee_id,
                       width_bucket(greatest(extract(epoch FROM x.resolved_at - x.created_at), 0)::float8,
                                    ARRAY[900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200,
                                          432000, 604800, 1209600, 2592000, 5184000, 7776000]::float8[])::smallint AS bucket,
                       sum(x.sign) AS tickets
                FROM (%1$s) x
                CROSS JOIN (%2$s) z
                WHERE x.done
                GROUP BY 1, 2, 3, 4, 5, 6, 7) d
            WHERE d.tickets <> 0
            ORDER BY d.zone, d.day, d.category, d.department, d.priority, d.assignee_id, d.bucket
            ON CONFLICT ON CONSTRAINT ux_analytics_resolution_hist DO UPDATE SET tickets = r.tickets + EXCLUDED.tickets
            """;

        private const string OpenTemplate = """
            INSERT INTO analytics_open_counts AS r (category, department, priority, assignee_id, tickets)
            SELECT * FROM (
                SELECT x.category, x.department, x.priority, x.assignee_id, sum(x.sign) AS tickets
                FROM (%1$s) x
                WHERE x.active
                GROUP BY 1, 2, 3, 4) d
            WHERE d.tickets <> 0
            ORDER BY d.category, d.department, d.priority, d.assignee_id
            ON CONFLICT ON CONSTRAINT ux_analytics_open_counts DO UPDATE SET tickets = r.tickets + EXCLUDED.tickets
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Create(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Drop(migrationBuilder);

        /// <summary>This migration's tables, functions and triggers; a later migration's Down restores them with it.</summary>
        internal static void Create(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE analytics_zones (
                    zone text NOT NULL,
                    added_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT pk_analytics_zones PRIMARY KEY (zone));

                INSERT INTO analytics_zones (zone) VALUES ('UTC');

                CREATE TABLE analytics_day_rollups (
                    zone text NOT NULL,
                    day date NOT NULL,
                    category text,
                    department text,
                    priority text NOT NULL,
                    assignee_id text,
                    created bigint NOT NULL DEFAULT 0,
                    backlog_in bigint NOT NULL DEFAULT 0,
                    resolved bigint NOT NULL DEFAULT 0,
                    open_created bigint NOT NULL DEFAULT 0,
                    resolved_with_due bigint NOT NULL DEFAULT 0,
                    resolved_by_due bigint NOT NULL DEFAULT 0,
                    CONSTRAINT ux_analytics_day_rollups UNIQUE NULLS NOT DISTINCT (zone, day, category, department, priority, assignee_id));

                CREATE TABLE analytics_resolution_hist (
                    zone text NOT NULL,
                    day date NOT NULL,
                    category text,
                    department text,
                    priority text NOT NULL,
                    assignee_id text,
                    bucket smallint NOT NULL,
                    tickets bigint NOT NULL DEFAULT 0,
                    CONSTRAINT ux_analytics_resolution_hist UNIQUE NULLS NOT DISTINCT (zone, day, category, department, priority, assignee_id, bucket));

                CREATE TABLE analytics_open_counts (
                    category text,
                    department text,
                    priority text NOT NULL,
                    assignee_id text,
                    tickets bigint NOT NULL DEFAULT 0,
                    CONSTRAINT ux_analytics_open_counts UNIQUE NULLS NOT DISTINCT (category, department, priority, assignee_id));
                """);

            migrationBuilder.Sql($"""
                CREATE FUNCTION analytics_rollups_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                    zones constant text := 'SELECT zone FROM analytics_zones';
                    relevant boolean;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        source := $s$SELECT {Fields}, 1 AS sign FROM new_rows WHERE deleted_at IS NULL$s$;
                    ELSIF TG_OP = 'DELETE' THEN
                        source := $s$SELECT {Fields}, -1 AS sign FROM old_rows WHERE deleted_at IS NULL$s$;
                    ELSE
                        source := $s$
                            WITH moved AS (
                                SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                                WHERE (o.deleted_at IS NULL, o.status, o.priority, o.category, o.department, o.assignee_id, o.created_at, o.resolved_at, o.due_date)
                                      IS DISTINCT FROM
                                      (n.deleted_at IS NULL, n.status, n.priority, n.category, n.department, n.assignee_id, n.created_at, n.resolved_at, n.due_date))
                            SELECT {Fields}, -1 AS sign FROM old_rows WHERE deleted_at IS NULL AND id IN (SELECT id FROM moved)
                            UNION ALL
                            SELECT {Fields}, 1 AS sign FROM new_rows WHERE deleted_at IS NULL AND id IN (SELECT id FROM moved)
                            $s$;
                    END IF;

                    EXECUTE format('SELECT EXISTS (%s)', source) INTO relevant;
                    IF NOT relevant THEN
                        RETURN NULL;
                    END IF;

                    -- One writing transaction at a time, so two writers touching the same rollup rows in
                    -- different orders cannot deadlock; held until commit.
                    PERFORM pg_advisory_xact_lock({LockKey});
                    EXECUTE format($q${DaysTemplate}$q$, source, zones);
                    EXECUTE format($q${HistogramTemplate}$q$, source, zones);
                    EXECUTE format($q${OpenTemplate}$q$, source, zones);
                    RETURN NULL;
                END
                $fn$;

                CREATE TRIGGER tr_tickets_cache_analytics_insert AFTER INSERT ON tickets_cache
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_on_change();
                CREATE TRIGGER tr_tickets_cache_analytics_update AFTER UPDATE ON tickets_cache
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_on_change();
                CREATE TRIGGER tr_tickets_cache_analytics_delete AFTER DELETE ON tickets_cache
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_on_change();
                """);

            migrationBuilder.Sql($"""
                CREATE FUNCTION analytics_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
                DECLARE
                    source constant text := $s$SELECT {Fields}, 1 AS sign FROM tickets_cache WHERE deleted_at IS NULL$s$;
                    zones constant text := 'SELECT zone FROM analytics_zones';
                BEGIN
                    PERFORM pg_advisory_xact_lock({LockKey});
                    DELETE FROM analytics_day_rollups;
                    DELETE FROM analytics_resolution_hist;
                    DELETE FROM analytics_open_counts;
                    EXECUTE format($q${DaysTemplate}$q$, source, zones);
                    EXECUTE format($q${HistogramTemplate}$q$, source, zones);
                    EXECUTE format($q${OpenTemplate}$q$, source, zones);
                END
                $fn$;

                -- Starts keeping the rollups of one more zone, computed once from the mirror; false when it
                -- was kept already. An unknown zone name is an error (AT TIME ZONE refuses it).
                CREATE FUNCTION analytics_zone_add(new_zone text) RETURNS boolean LANGUAGE plpgsql AS $fn$
                DECLARE
                    source constant text := $s$SELECT {Fields}, 1 AS sign FROM tickets_cache WHERE deleted_at IS NULL$s$;
                BEGIN
                    PERFORM now() AT TIME ZONE new_zone;
                    PERFORM pg_advisory_xact_lock({LockKey});
                    INSERT INTO analytics_zones (zone) VALUES (new_zone) ON CONFLICT DO NOTHING;
                    IF NOT FOUND THEN
                        RETURN false;
                    END IF;
                    EXECUTE format($q${DaysTemplate}$q$, source, format('SELECT %L::text AS zone', new_zone));
                    EXECUTE format($q${HistogramTemplate}$q$, source, format('SELECT %L::text AS zone', new_zone));
                    RETURN true;
                END
                $fn$;

                CREATE FUNCTION analytics_rollups_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM analytics_rollups_rebuild();
                    RETURN NULL;
                END
                $fn$;

                CREATE TRIGGER tr_tickets_cache_analytics_truncate AFTER TRUNCATE ON tickets_cache
                    FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_on_truncate();

                SELECT analytics_rollups_rebuild();
                """);
        }

        internal static void Drop(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_tickets_cache_analytics_truncate ON tickets_cache;
                DROP TRIGGER tr_tickets_cache_analytics_delete ON tickets_cache;
                DROP TRIGGER tr_tickets_cache_analytics_update ON tickets_cache;
                DROP TRIGGER tr_tickets_cache_analytics_insert ON tickets_cache;
                DROP FUNCTION analytics_rollups_on_truncate();
                DROP FUNCTION analytics_zone_add(text);
                DROP FUNCTION analytics_rollups_rebuild();
                DROP FUNCTION analytics_rollups_on_change();
                DROP TABLE analytics_open_counts;
                DROP TABLE analytics_resolution_hist;
                DROP TABLE analytics_day_rollups;
                DROP TABLE analytics_zones;
                """);
        }
    }
}
