using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The rollups' rebuild (the initial load's longest deferred step, decision 156) does less per ticket, with the
    /// same result:
    /// - It fills the one-dimension rollups once, from the rebuilt tables, instead of through their statement
    ///   triggers, which grouped each inserted statement's transition table and upserted every group with a conflict
    ///   check. The rebuild sets <c>ticketing.rollups_rebuilding</c> while it runs (and gives the caller's value
    ///   back), the dimension triggers skip its statements, and it inserts each dimension's sums with the
    ///   triggers' own expressions into the tables it emptied. Every other writer still goes through the triggers.
    /// - Each ticket's two day events (created, resolved) come from two scans of the zoned rows joined by
    ///   UNION ALL instead of a lateral VALUES list, which PostgreSQL set up again (its expressions compiled) for
    ///   every row.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261207120000_RollupRebuildFillsDimensionsOnce")]
    public partial class RollupRebuildFillsDimensionsOnce : Migration
    {
        // AdvisoryLocks.AnalyticsRollups, spelled out: a migration must not change when the code does.
        private const string LockKey = "7243100009";

        // Resolution and first-response time buckets (ResolutionBuckets.UpperEdges), as the triggers write them.
        private const string Edges = """
            ARRAY[900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200,
                  432000, 604800, 1209600, 2592000, 5184000, 7776000]::float8[]
            """;

        // A statement-level WHEN is evaluated once per statement, before the function (and its plan) runs.
        private const string NotRebuilding = "WHEN (current_setting('ticketing.rollups_rebuilding', true) IS DISTINCT FROM 'on')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Triggers(NotRebuilding));
            migrationBuilder.Sql($$"""
                -- work_mem: the grouping of a million tickets stays in memory instead of spilling in 4 MB runs.
                CREATE OR REPLACE FUNCTION analytics_rollups_rebuild_days() RETURNS void LANGUAGE plpgsql
                SET work_mem = '256MB' AS $fn$
                DECLARE
                    caller_setting constant text := coalesce(current_setting('ticketing.rollups_rebuilding', true), '');
                BEGIN
                    PERFORM pg_advisory_xact_lock({{LockKey}});
                    -- Transaction-local, and given back below (a function's own SET clause would need a superuser
                    -- for a custom setting); an error rolls it back with the rest.
                    PERFORM set_config('ticketing.rollups_rebuilding', 'on', true);
                    DELETE FROM analytics_day_rollups;
                    DELETE FROM analytics_resolution_hist;
                    DELETE FROM analytics_response_hist;
                    DELETE FROM analytics_open_counts;
                    -- The dimension triggers skip this function's statements (its setting): the last two inserts fill them.
                    DELETE FROM analytics_dim_rollups;
                    DELETE FROM analytics_dim_hist;

                    WITH source AS MATERIALIZED (
                        SELECT t.category, t.department, t.priority, t.assignee_id, t.created_at, t.resolved_at, t.due_date,
                               t.status IN ('open', 'in_progress', 'pending', 'on_hold') AS active,
                               (t.status IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL) AS done,
                               s.policy_id, s.first_response_at, s.first_response_state, s.resolution_state,
                               width_bucket(greatest(extract(epoch FROM t.resolved_at - t.created_at), 0)::float8, {{Edges}})::smallint AS resolution_bucket,
                               width_bucket(greatest(extract(epoch FROM s.first_response_at - t.created_at), 0)::float8, {{Edges}})::smallint AS response_bucket
                        FROM tickets_cache t
                        LEFT JOIN ticket_sla s ON s.ticket_id = t.id
                        WHERE t.deleted_at IS NULL),
                    zoned AS MATERIALIZED (
                        SELECT z.zone, x.*,
                               (x.created_at AT TIME ZONE z.zone)::date AS created_day,
                               CASE WHEN x.done THEN (x.resolved_at AT TIME ZONE z.zone)::date END AS resolved_day,
                               (x.first_response_at AT TIME ZONE z.zone)::date AS response_day
                        FROM source x
                        CROSS JOIN analytics_zones z),
                    days AS (
                        INSERT INTO analytics_day_rollups (zone, day, category, department, priority, assignee_id, policy_id,
                                                           created, backlog_in, resolved, open_created, resolved_with_due, resolved_by_due,
                                                           response_met, response_breached, resolution_met, resolution_breached)
                        SELECT e.zone, e.day, e.category, e.department, e.priority, e.assignee_id, e.policy_id,
                               sum(e.created), sum(e.backlog_in), sum(e.resolved), sum(e.open_created), sum(e.with_due), sum(e.by_due),
                               sum(e.response_met), sum(e.response_breached), sum(e.resolution_met), sum(e.resolution_breached)
                        FROM (
                            SELECT x.zone, x.category, x.department, x.priority, x.assignee_id, x.policy_id, x.created_day AS day,
                                   1 AS created, CASE WHEN x.active OR x.done THEN 1 ELSE 0 END AS backlog_in, 0 AS resolved,
                                   CASE WHEN x.active THEN 1 ELSE 0 END AS open_created, 0 AS with_due, 0 AS by_due,
                                   0 AS response_met, 0 AS response_breached, 0 AS resolution_met, 0 AS resolution_breached
                            FROM zoned x
                            WHERE x.created_day IS NOT NULL
                            UNION ALL
                            SELECT x.zone, x.category, x.department, x.priority, x.assignee_id, x.policy_id, x.resolved_day,
                                   0, 0, 1, 0,
                                   CASE WHEN x.due_date IS NOT NULL THEN 1 ELSE 0 END,
                                   CASE WHEN x.resolved_at <= x.due_date THEN 1 ELSE 0 END,
                                   CASE WHEN x.first_response_state = 'met' THEN 1 ELSE 0 END,
                                   CASE WHEN x.first_response_state = 'breached' THEN 1 ELSE 0 END,
                                   CASE WHEN x.resolution_state = 'met' THEN 1 ELSE 0 END,
                                   CASE WHEN x.resolution_state = 'breached' THEN 1 ELSE 0 END
                            FROM zoned x
                            WHERE x.resolved_day IS NOT NULL) e
                        GROUP BY e.zone, e.day, e.category, e.department, e.priority, e.assignee_id, e.policy_id
                        ORDER BY e.zone, e.day, e.category, e.department, e.priority, e.assignee_id, e.policy_id),
                    resolution AS (
                        INSERT INTO analytics_resolution_hist (zone, day, category, department, priority, assignee_id, policy_id, bucket, tickets)
                        SELECT x.zone, x.resolved_day, x.category, x.department, x.priority, x.assignee_id, x.policy_id, x.resolution_bucket, count(*)
                        FROM zoned x
                        WHERE x.done
                        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8),
                    response AS (
                        INSERT INTO analytics_response_hist (zone, day, category, department, priority, assignee_id, policy_id, bucket, tickets)
                        SELECT x.zone, x.response_day, x.category, x.department, x.priority, x.assignee_id, x.policy_id, x.response_bucket, count(*)
                        FROM zoned x
                        WHERE x.first_response_at IS NOT NULL
                        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8)
                    INSERT INTO analytics_open_counts (category, department, priority, assignee_id, policy_id, tickets)
                    SELECT x.category, x.department, x.priority, x.assignee_id, x.policy_id, count(*)
                    FROM source x
                    WHERE x.active
                    GROUP BY 1, 2, 3, 4, 5
                    ORDER BY 1, 2, 3, 4, 5;

                    INSERT INTO analytics_dim_rollups (zone, day, dimension, key, created, backlog_in, resolved, open_created,
                                                       response_met, response_breached, resolution_met, resolution_breached)
                    SELECT * FROM (
                        SELECT x.zone, x.day, d.dimension, d.key,
                               sum(x.created) AS created, sum(x.backlog_in) AS backlog_in, sum(x.resolved) AS resolved,
                               sum(x.open_created) AS open_created, sum(x.response_met) AS response_met,
                               sum(x.response_breached) AS response_breached, sum(x.resolution_met) AS resolution_met,
                               sum(x.resolution_breached) AS resolution_breached
                        FROM analytics_day_rollups x
                        CROSS JOIN LATERAL (VALUES ('all', NULL::text), ('category', x.category), ('department', x.department),
                                                   ('priority', x.priority), ('assignee', x.assignee_id), ('policy', x.policy_id::text)) AS d(dimension, key)
                        GROUP BY 1, 2, 3, 4) g
                    WHERE g.created <> 0 OR g.backlog_in <> 0 OR g.resolved <> 0 OR g.open_created <> 0 OR g.response_met <> 0
                       OR g.response_breached <> 0 OR g.resolution_met <> 0 OR g.resolution_breached <> 0
                    ORDER BY 1, 2, 3, 4;

                    INSERT INTO analytics_dim_hist (zone, day, kind, dimension, key, bucket, tickets)
                    SELECT * FROM (
                        SELECT x.zone, x.day, x.kind, d.dimension, d.key, x.bucket, sum(x.tickets) AS tickets
                        FROM (SELECT zone, day, 'resolution'::text AS kind, category, department, priority, assignee_id, bucket, tickets
                              FROM analytics_resolution_hist
                              UNION ALL
                              SELECT zone, day, 'response'::text AS kind, category, department, priority, assignee_id, bucket, tickets
                              FROM analytics_response_hist) x
                        CROSS JOIN LATERAL (VALUES ('all', NULL::text), ('category', x.category), ('department', x.department),
                                                   ('priority', x.priority), ('assignee', x.assignee_id)) AS d(dimension, key)
                        GROUP BY 1, 2, 3, 4, 5, 6) g
                    WHERE g.tickets <> 0
                    ORDER BY 1, 2, 3, 4, 5, 6;
                    PERFORM set_config('ticketing.rollups_rebuilding', caller_setting, true);
                END
                $fn$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Triggers(string.Empty));
            migrationBuilder.Sql(InitialLoadDefersRollups.RebuildDays);
        }

        /// <summary>The fine tables' dimension triggers, with <paramref name="when"/> as their condition.</summary>
        private static string Triggers(string when) => $"""
            DROP TRIGGER tr_analytics_day_rollups_dims_insert ON analytics_day_rollups;
            DROP TRIGGER tr_analytics_day_rollups_dims_update ON analytics_day_rollups;
            DROP TRIGGER tr_analytics_day_rollups_dims_delete ON analytics_day_rollups;
            DROP TRIGGER tr_analytics_resolution_hist_dims_insert ON analytics_resolution_hist;
            DROP TRIGGER tr_analytics_resolution_hist_dims_update ON analytics_resolution_hist;
            DROP TRIGGER tr_analytics_resolution_hist_dims_delete ON analytics_resolution_hist;
            DROP TRIGGER tr_analytics_response_hist_dims_insert ON analytics_response_hist;
            DROP TRIGGER tr_analytics_response_hist_dims_update ON analytics_response_hist;
            DROP TRIGGER tr_analytics_response_hist_dims_delete ON analytics_response_hist;
            CREATE TRIGGER tr_analytics_day_rollups_dims_insert AFTER INSERT ON analytics_day_rollups
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_rollups_on_days();
            CREATE TRIGGER tr_analytics_day_rollups_dims_update AFTER UPDATE ON analytics_day_rollups
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_rollups_on_days();
            CREATE TRIGGER tr_analytics_day_rollups_dims_delete AFTER DELETE ON analytics_day_rollups
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_rollups_on_days();
            CREATE TRIGGER tr_analytics_resolution_hist_dims_insert AFTER INSERT ON analytics_resolution_hist
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_hist_on_change('resolution');
            CREATE TRIGGER tr_analytics_resolution_hist_dims_update AFTER UPDATE ON analytics_resolution_hist
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_hist_on_change('resolution');
            CREATE TRIGGER tr_analytics_resolution_hist_dims_delete AFTER DELETE ON analytics_resolution_hist
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_hist_on_change('resolution');
            CREATE TRIGGER tr_analytics_response_hist_dims_insert AFTER INSERT ON analytics_response_hist
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_hist_on_change('response');
            CREATE TRIGGER tr_analytics_response_hist_dims_update AFTER UPDATE ON analytics_response_hist
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_hist_on_change('response');
            CREATE TRIGGER tr_analytics_response_hist_dims_delete AFTER DELETE ON analytics_response_hist
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_dim_hist_on_change('response');
            """;
    }
}
