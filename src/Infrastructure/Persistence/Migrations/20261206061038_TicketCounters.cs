using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The KPI and chart figures kept as counters (docs/decisions/060-kpi-counters.md): three tables,
    /// kept by statement triggers on <c>tickets_cache</c> in the writing transaction, and a function
    /// that recomputes them from the table (used here, after an initial load and by tests).
    /// </summary>
    public partial class TicketCounters : Migration
    {
        // AdvisoryLocks.TicketCounters, spelled out: a migration must not change when the code does.
        internal const string LockKey = "7243100003";

        // The fields a counter depends on; an update that changes none of them changes no counter.
        internal const string Counted = "status, priority, category, department, created_at, resolved_at, due_date";

        // Each template adds the rows of a source (its columns: Counted, and sign: +1 or -1) to one
        // table, in key order. %s is the source; format() must see no other percent sign.
        internal const string CountsTemplate = """
            INSERT INTO ticket_counts AS c (status, priority, tickets, resolved, resolution_seconds, resolved_with_due, resolved_by_due)
            SELECT * FROM (
                SELECT x.status, x.priority, sum(x.sign) AS tickets,
                       sum(CASE WHEN x.resolved_at IS NOT NULL THEN x.sign ELSE 0 END) AS resolved,
                       coalesce(sum(CASE WHEN x.resolved_at IS NOT NULL THEN x.sign * extract(epoch FROM x.resolved_at - x.created_at) END), 0) AS resolution_seconds,
                       sum(CASE WHEN x.resolved_at IS NOT NULL AND x.due_date IS NOT NULL THEN x.sign ELSE 0 END) AS resolved_with_due,
                       sum(CASE WHEN x.resolved_at IS NOT NULL AND x.resolved_at <= x.due_date THEN x.sign ELSE 0 END) AS resolved_by_due
                FROM (%s) x
                GROUP BY x.status, x.priority) d
            WHERE d.tickets <> 0 OR d.resolved <> 0 OR d.resolution_seconds <> 0 OR d.resolved_with_due <> 0 OR d.resolved_by_due <> 0
            ORDER BY d.status, d.priority
            ON CONFLICT (status, priority) DO UPDATE SET
                tickets = c.tickets + EXCLUDED.tickets,
                resolved = c.resolved + EXCLUDED.resolved,
                resolution_seconds = c.resolution_seconds + EXCLUDED.resolution_seconds,
                resolved_with_due = c.resolved_with_due + EXCLUDED.resolved_with_due,
                resolved_by_due = c.resolved_by_due + EXCLUDED.resolved_by_due
            """;

        internal const string GroupsTemplate = """
            INSERT INTO ticket_group_counts AS c (dimension, value, tickets)
            SELECT g.dimension, g.value, sum(x.sign)
            FROM (%s) x
            CROSS JOIN LATERAL (VALUES ('category', x.category), ('department', x.department)) AS g(dimension, value)
            GROUP BY g.dimension, g.value
            HAVING sum(x.sign) <> 0
            ORDER BY g.dimension, g.value
            ON CONFLICT (dimension, value) DO UPDATE SET tickets = c.tickets + EXCLUDED.tickets
            """;

        internal const string DaysTemplate = """
            INSERT INTO ticket_day_counts AS c (day, status, created, resolved, due)
            SELECT d.day, x.status, sum(d.created), sum(d.resolved), sum(d.due)
            FROM (%s) x
            CROSS JOIN LATERAL (VALUES
                ((x.created_at AT TIME ZONE 'UTC')::date, x.sign, 0, 0),
                ((x.resolved_at AT TIME ZONE 'UTC')::date, 0, x.sign, 0),
                ((x.due_date AT TIME ZONE 'UTC')::date, 0, 0, x.sign)) AS d(day, created, resolved, due)
            WHERE d.day IS NOT NULL
            GROUP BY d.day, x.status
            HAVING sum(d.created) <> 0 OR sum(d.resolved) <> 0 OR sum(d.due) <> 0
            ORDER BY d.day, x.status
            ON CONFLICT (day, status) DO UPDATE SET
                created = c.created + EXCLUDED.created,
                resolved = c.resolved + EXCLUDED.resolved,
                due = c.due + EXCLUDED.due
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE ticket_counts (
                    status text NOT NULL,
                    priority text NOT NULL,
                    tickets bigint NOT NULL DEFAULT 0,
                    resolved bigint NOT NULL DEFAULT 0,
                    resolution_seconds numeric NOT NULL DEFAULT 0,
                    resolved_with_due bigint NOT NULL DEFAULT 0,
                    resolved_by_due bigint NOT NULL DEFAULT 0,
                    CONSTRAINT pk_ticket_counts PRIMARY KEY (status, priority));

                CREATE TABLE ticket_group_counts (
                    dimension text NOT NULL,
                    value text,
                    tickets bigint NOT NULL DEFAULT 0,
                    CONSTRAINT ux_ticket_group_counts UNIQUE NULLS NOT DISTINCT (dimension, value));

                CREATE TABLE ticket_day_counts (
                    day date NOT NULL,
                    status text NOT NULL,
                    created bigint NOT NULL DEFAULT 0,
                    resolved bigint NOT NULL DEFAULT 0,
                    due bigint NOT NULL DEFAULT 0,
                    CONSTRAINT pk_ticket_day_counts PRIMARY KEY (day, status));
                """);

            migrationBuilder.Sql($"""
                CREATE FUNCTION ticket_counters_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                    relevant boolean;
                BEGIN
                    -- An initial load defers the counters and rebuilds them once at its end.
                    IF current_setting('ticketing.counters_deferred', true) = 'on' THEN
                        RETURN NULL;
                    END IF;

                    IF TG_OP = 'INSERT' THEN
                        source := 'SELECT {Counted}, 1 AS sign FROM new_rows WHERE deleted_at IS NULL';
                    ELSIF TG_OP = 'DELETE' THEN
                        source := 'SELECT {Counted}, -1 AS sign FROM old_rows WHERE deleted_at IS NULL';
                    ELSE
                        source := $s$
                            WITH moved AS (
                                SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                                WHERE (o.deleted_at IS NULL, o.status, o.priority, o.category, o.department, o.created_at, o.resolved_at, o.due_date)
                                      IS DISTINCT FROM
                                      (n.deleted_at IS NULL, n.status, n.priority, n.category, n.department, n.created_at, n.resolved_at, n.due_date))
                            SELECT {Counted}, -1 AS sign FROM old_rows WHERE deleted_at IS NULL AND id IN (SELECT id FROM moved)
                            UNION ALL
                            SELECT {Counted}, 1 AS sign FROM new_rows WHERE deleted_at IS NULL AND id IN (SELECT id FROM moved)
                            $s$;
                    END IF;

                    EXECUTE format('SELECT EXISTS (%s)', source) INTO relevant;
                    IF NOT relevant THEN
                        RETURN NULL;
                    END IF;

                    -- Writers take the counters one transaction at a time, so two writers that touch the
                    -- same counters in different orders cannot deadlock; held until commit.
                    PERFORM pg_advisory_xact_lock({LockKey});
                    EXECUTE format($q${CountsTemplate}$q$, source);
                    EXECUTE format($q${GroupsTemplate}$q$, source);
                    EXECUTE format($q${DaysTemplate}$q$, source);
                    RETURN NULL;
                END
                $fn$;

                CREATE TRIGGER tr_tickets_cache_counters_insert AFTER INSERT ON tickets_cache
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counters_on_change();
                CREATE TRIGGER tr_tickets_cache_counters_update AFTER UPDATE ON tickets_cache
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counters_on_change();
                CREATE TRIGGER tr_tickets_cache_counters_delete AFTER DELETE ON tickets_cache
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_counters_on_change();
                """);

            migrationBuilder.Sql($"""
                CREATE FUNCTION ticket_counters_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
                DECLARE
                    source constant text := 'SELECT {Counted}, 1 AS sign FROM tickets_cache WHERE deleted_at IS NULL';
                BEGIN
                    PERFORM pg_advisory_xact_lock({LockKey});
                    DELETE FROM ticket_counts;
                    DELETE FROM ticket_group_counts;
                    DELETE FROM ticket_day_counts;
                    EXECUTE format($q${CountsTemplate}$q$, source);
                    EXECUTE format($q${GroupsTemplate}$q$, source);
                    EXECUTE format($q${DaysTemplate}$q$, source);
                END
                $fn$;

                CREATE FUNCTION ticket_counters_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM ticket_counters_rebuild();
                    RETURN NULL;
                END
                $fn$;

                CREATE TRIGGER tr_tickets_cache_counters_truncate AFTER TRUNCATE ON tickets_cache
                    FOR EACH STATEMENT EXECUTE FUNCTION ticket_counters_on_truncate();

                SELECT ticket_counters_rebuild();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_tickets_cache_counters_truncate ON tickets_cache;
                DROP TRIGGER tr_tickets_cache_counters_delete ON tickets_cache;
                DROP TRIGGER tr_tickets_cache_counters_update ON tickets_cache;
                DROP TRIGGER tr_tickets_cache_counters_insert ON tickets_cache;
                DROP FUNCTION ticket_counters_on_truncate();
                DROP FUNCTION ticket_counters_rebuild();
                DROP FUNCTION ticket_counters_on_change();
                DROP TABLE ticket_day_counts;
                DROP TABLE ticket_group_counts;
                DROP TABLE ticket_counts;
                """);
        }
    }
}
