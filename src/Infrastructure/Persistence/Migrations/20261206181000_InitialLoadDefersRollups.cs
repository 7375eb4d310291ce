using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The initial load defers the analytics rollups as it defers the KPI counters (decision 113): the
    /// mirror's rollup triggers (day figures, histograms, open counts, reopens) skip a statement of a
    /// transaction that set <c>ticketing.rollups_deferred</c>, and the load rebuilds every rollup once at
    /// its end. The rebuild is now one set-based statement over one scan of the mirror: each ticket's
    /// figures are computed once per kept zone, grouped, and inserted into the emptied tables without a
    /// conflict check; the one-dimension rollups follow through their own statement triggers. The
    /// expressions are the triggers' own (same days, buckets, states), so a rebuild equals what the
    /// triggers keep.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206181000_InitialLoadDefersRollups")]
    public partial class InitialLoadDefersRollups : Migration
    {
        // AdvisoryLocks.AnalyticsRollups, spelled out: a migration must not change when the code does.
        private const string LockKey = "7243100009";

        // A statement-level WHEN is evaluated once per statement, before the function (and its plan) runs.
        private const string NotDeferred = "WHEN (current_setting('ticketing.rollups_deferred', true) IS DISTINCT FROM 'on')";

        // Resolution and first-response time buckets (ResolutionBuckets.UpperEdges), as the triggers write them.
        private const string Edges = """
            ARRAY[900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200,
                  432000, 604800, 1209600, 2592000, 5184000, 7776000]::float8[]
            """;

        /// <summary>The day rollups' and histograms' rebuild as this migration writes it (a later one's Down restores it).</summary>
        internal const string RebuildDays = $$"""
                -- work_mem: the grouping of a million tickets stays in memory instead of spilling in 4 MB runs.
                CREATE OR REPLACE FUNCTION analytics_rollups_rebuild_days() RETURNS void LANGUAGE plpgsql
                SET work_mem = '256MB' AS $fn$
                BEGIN
                    PERFORM pg_advisory_xact_lock({{LockKey}});
                    DELETE FROM analytics_day_rollups;
                    DELETE FROM analytics_resolution_hist;
                    DELETE FROM analytics_response_hist;
                    DELETE FROM analytics_open_counts;
                    -- Their triggers left the one-dimension rollups at zero; the inserts below fill them again.
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
                        SELECT x.zone, e.day, x.category, x.department, x.priority, x.assignee_id, x.policy_id,
                               sum(e.created), sum(e.backlog_in), sum(e.resolved), sum(e.open_created), sum(e.with_due), sum(e.by_due),
                               sum(e.response_met), sum(e.response_breached), sum(e.resolution_met), sum(e.resolution_breached)
                        FROM zoned x
                        CROSS JOIN LATERAL (VALUES
                            (x.created_day, 1, CASE WHEN x.active OR x.done THEN 1 ELSE 0 END, 0,
                             CASE WHEN x.active THEN 1 ELSE 0 END, 0, 0, 0, 0, 0, 0),
                            (x.resolved_day, 0, 0, 1, 0,
                             CASE WHEN x.due_date IS NOT NULL THEN 1 ELSE 0 END,
                             CASE WHEN x.resolved_at <= x.due_date THEN 1 ELSE 0 END,
                             CASE WHEN x.first_response_state = 'met' THEN 1 ELSE 0 END,
                             CASE WHEN x.first_response_state = 'breached' THEN 1 ELSE 0 END,
                             CASE WHEN x.resolution_state = 'met' THEN 1 ELSE 0 END,
                             CASE WHEN x.resolution_state = 'breached' THEN 1 ELSE 0 END))
                            AS e(day, created, backlog_in, resolved, open_created, with_due, by_due,
                                 response_met, response_breached, resolution_met, resolution_breached)
                        WHERE e.day IS NOT NULL
                        GROUP BY x.zone, e.day, x.category, x.department, x.priority, x.assignee_id, x.policy_id
                        ORDER BY x.zone, e.day, x.category, x.department, x.priority, x.assignee_id, x.policy_id),
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
                END
                $fn$;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Triggers(NotDeferred));

            migrationBuilder.Sql(RebuildDays);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Triggers(string.Empty));

            // The rebuild as AnalyticsPolicyAndFirstResponse wrote it (a replacement drops the work_mem setting too).
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_rollups_rebuild_days() RETURNS void LANGUAGE plpgsql AS $fn$
                DECLARE
                    source constant text := $s$SELECT {AnalyticsPolicyAndFirstResponse.Fields}, 1 AS sign FROM tickets_cache t LEFT JOIN ticket_sla s ON s.ticket_id = t.id WHERE t.deleted_at IS NULL$s$;
                    zones constant text := 'SELECT zone FROM analytics_zones';
                BEGIN
                    PERFORM pg_advisory_xact_lock({LockKey});
                    DELETE FROM analytics_day_rollups;
                    DELETE FROM analytics_resolution_hist;
                    DELETE FROM analytics_response_hist;
                    DELETE FROM analytics_open_counts;
                {AnalyticsPolicyAndFirstResponse.ApplyAll}
                END
                $fn$;
                """);
        }

        /// <summary>The mirror's insert and update rollup triggers, with <paramref name="when"/> as their condition.</summary>
        private static string Triggers(string when) => $"""
            DROP TRIGGER tr_tickets_cache_analytics_insert ON tickets_cache;
            DROP TRIGGER tr_tickets_cache_analytics_update ON tickets_cache;
            DROP TRIGGER tr_tickets_cache_analytics_reopens_update ON tickets_cache;
            CREATE TRIGGER tr_tickets_cache_analytics_insert AFTER INSERT ON tickets_cache
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_rollups_on_change();
            CREATE TRIGGER tr_tickets_cache_analytics_update AFTER UPDATE ON tickets_cache
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_rollups_on_change();
            CREATE TRIGGER tr_tickets_cache_analytics_reopens_update AFTER UPDATE ON tickets_cache
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT {when} EXECUTE FUNCTION analytics_reopens_on_mirror();
            """;
    }
}
