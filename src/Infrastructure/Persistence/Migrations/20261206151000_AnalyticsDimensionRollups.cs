using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// One-dimension rollups of the analytics rollups (docs/decisions/132-analytics-dimension-rollups.md):
    /// per zone and day, the day figures of everything (<c>all</c>) and of each category, department,
    /// priority, assignee and SLA policy alone (<c>analytics_dim_rollups</c>), and the resolution and
    /// first-response histograms of everything and of each category, department, priority and assignee
    /// alone (<c>analytics_dim_hist</c>). The unfiltered page reads these: a day has one row per value of a
    /// dimension instead of one per combination of all five. Statement triggers on the three fine tables
    /// add each statement's difference (new rows +, old rows −), so they always equal the fine tables
    /// summed, whoever writes those (the mirror's and ticket_sla's triggers, a zone added, a rebuild).
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206151000_AnalyticsDimensionRollups")]
    public partial class AnalyticsDimensionRollups : Migration
    {
        // Adds the rows of %1$s (rows of analytics_day_rollups with a sign) per dimension value.
        internal const string DaysTemplate = """
            INSERT INTO analytics_dim_rollups AS r (zone, day, dimension, key, created, backlog_in, resolved, open_created,
                                                    response_met, response_breached, resolution_met, resolution_breached)
            SELECT * FROM (
                SELECT x.zone, x.day, d.dimension, d.key,
                       sum(x.sign * x.created) AS created, sum(x.sign * x.backlog_in) AS backlog_in, sum(x.sign * x.resolved) AS resolved,
                       sum(x.sign * x.open_created) AS open_created, sum(x.sign * x.response_met) AS response_met,
                       sum(x.sign * x.response_breached) AS response_breached, sum(x.sign * x.resolution_met) AS resolution_met,
                       sum(x.sign * x.resolution_breached) AS resolution_breached
                FROM (%1$s) x
                CROSS JOIN LATERAL (VALUES ('all', NULL::text), ('category', x.category), ('department', x.department),
                                           ('priority', x.priority), ('assignee', x.assignee_id), ('policy', x.policy_id::text)) AS d(dimension, key)
                GROUP BY 1, 2, 3, 4) g
            WHERE g.created <> 0 OR g.backlog_in <> 0 OR g.resolved <> 0 OR g.open_created <> 0 OR g.response_met <> 0
               OR g.response_breached <> 0 OR g.resolution_met <> 0 OR g.resolution_breached <> 0
            ORDER BY 1, 2, 3, 4
            ON CONFLICT ON CONSTRAINT ux_analytics_dim_rollups DO UPDATE SET
                created = r.created + EXCLUDED.created,
                backlog_in = r.backlog_in + EXCLUDED.backlog_in,
                resolved = r.resolved + EXCLUDED.resolved,
                open_created = r.open_created + EXCLUDED.open_created,
                response_met = r.response_met + EXCLUDED.response_met,
                response_breached = r.response_breached + EXCLUDED.response_breached,
                resolution_met = r.resolution_met + EXCLUDED.resolution_met,
                resolution_breached = r.resolution_breached + EXCLUDED.resolution_breached
            """;

        // Adds the rows of %1$s (rows of a histogram with a sign) as kind %2$L.
        internal const string HistTemplate = """
            INSERT INTO analytics_dim_hist AS r (zone, day, kind, dimension, key, bucket, tickets)
            SELECT * FROM (
                SELECT x.zone, x.day, %2$L::text AS kind, d.dimension, d.key, x.bucket, sum(x.sign * x.tickets) AS tickets
                FROM (%1$s) x
                CROSS JOIN LATERAL (VALUES ('all', NULL::text), ('category', x.category), ('department', x.department),
                                           ('priority', x.priority), ('assignee', x.assignee_id)) AS d(dimension, key)
                GROUP BY 1, 2, 3, 4, 5, 6) g
            WHERE g.tickets <> 0
            ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT ON CONSTRAINT ux_analytics_dim_hist DO UPDATE SET tickets = r.tickets + EXCLUDED.tickets
            """;

        internal const string Difference = """
                    IF TG_OP = 'INSERT' THEN
                        source := 'SELECT n.*, 1 AS sign FROM new_rows n';
                    ELSIF TG_OP = 'DELETE' THEN
                        source := 'SELECT o.*, -1 AS sign FROM old_rows o';
                    ELSE
                        source := 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o';
                    END IF;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE analytics_dim_rollups (
                    zone text NOT NULL,
                    day date NOT NULL,
                    dimension text NOT NULL,
                    key text,
                    created bigint NOT NULL DEFAULT 0,
                    backlog_in bigint NOT NULL DEFAULT 0,
                    resolved bigint NOT NULL DEFAULT 0,
                    open_created bigint NOT NULL DEFAULT 0,
                    response_met bigint NOT NULL DEFAULT 0,
                    response_breached bigint NOT NULL DEFAULT 0,
                    resolution_met bigint NOT NULL DEFAULT 0,
                    resolution_breached bigint NOT NULL DEFAULT 0,
                    CONSTRAINT ux_analytics_dim_rollups UNIQUE NULLS NOT DISTINCT (zone, dimension, day, key));

                CREATE TABLE analytics_dim_hist (
                    zone text NOT NULL,
                    day date NOT NULL,
                    kind text NOT NULL,
                    dimension text NOT NULL,
                    key text,
                    bucket smallint NOT NULL,
                    tickets bigint NOT NULL DEFAULT 0,
                    CONSTRAINT ux_analytics_dim_hist UNIQUE NULLS NOT DISTINCT (zone, kind, day, dimension, key, bucket));

                CREATE FUNCTION analytics_dim_rollups_on_days() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                BEGIN
                {Difference}
                    EXECUTE format($q${DaysTemplate}$q$, source);
                    RETURN NULL;
                END
                $fn$;

                -- TG_ARGV[0]: the histogram's kind, 'resolution' or 'response'.
                CREATE FUNCTION analytics_dim_hist_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                BEGIN
                {Difference}
                    EXECUTE format($q${HistTemplate}$q$, source, TG_ARGV[0]);
                    RETURN NULL;
                END
                $fn$;

                CREATE TRIGGER tr_analytics_day_rollups_dims_insert AFTER INSERT ON analytics_day_rollups
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_rollups_on_days();
                CREATE TRIGGER tr_analytics_day_rollups_dims_update AFTER UPDATE ON analytics_day_rollups
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_rollups_on_days();
                CREATE TRIGGER tr_analytics_day_rollups_dims_delete AFTER DELETE ON analytics_day_rollups
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_rollups_on_days();
                CREATE TRIGGER tr_analytics_resolution_hist_dims_insert AFTER INSERT ON analytics_resolution_hist
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_hist_on_change('resolution');
                CREATE TRIGGER tr_analytics_resolution_hist_dims_update AFTER UPDATE ON analytics_resolution_hist
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_hist_on_change('resolution');
                CREATE TRIGGER tr_analytics_resolution_hist_dims_delete AFTER DELETE ON analytics_resolution_hist
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_hist_on_change('resolution');
                CREATE TRIGGER tr_analytics_response_hist_dims_insert AFTER INSERT ON analytics_response_hist
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_hist_on_change('response');
                CREATE TRIGGER tr_analytics_response_hist_dims_update AFTER UPDATE ON analytics_response_hist
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_hist_on_change('response');
                CREATE TRIGGER tr_analytics_response_hist_dims_delete AFTER DELETE ON analytics_response_hist
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_dim_hist_on_change('response');
                """);

            migrationBuilder.Sql($"""
                DO $do$
                BEGIN
                    EXECUTE format($q${DaysTemplate}$q$, 'SELECT f.*, 1 AS sign FROM analytics_day_rollups f');
                    EXECUTE format($q${HistTemplate}$q$, 'SELECT f.*, 1 AS sign FROM analytics_resolution_hist f', 'resolution');
                    EXECUTE format($q${HistTemplate}$q$, 'SELECT f.*, 1 AS sign FROM analytics_response_hist f', 'response');
                END
                $do$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_analytics_response_hist_dims_delete ON analytics_response_hist;
                DROP TRIGGER tr_analytics_response_hist_dims_update ON analytics_response_hist;
                DROP TRIGGER tr_analytics_response_hist_dims_insert ON analytics_response_hist;
                DROP TRIGGER tr_analytics_resolution_hist_dims_delete ON analytics_resolution_hist;
                DROP TRIGGER tr_analytics_resolution_hist_dims_update ON analytics_resolution_hist;
                DROP TRIGGER tr_analytics_resolution_hist_dims_insert ON analytics_resolution_hist;
                DROP TRIGGER tr_analytics_day_rollups_dims_delete ON analytics_day_rollups;
                DROP TRIGGER tr_analytics_day_rollups_dims_update ON analytics_day_rollups;
                DROP TRIGGER tr_analytics_day_rollups_dims_insert ON analytics_day_rollups;
                DROP FUNCTION analytics_dim_hist_on_change();
                DROP FUNCTION analytics_dim_rollups_on_days();
                DROP TABLE analytics_dim_hist;
                DROP TABLE analytics_dim_rollups;
                """);
        }
    }
}
