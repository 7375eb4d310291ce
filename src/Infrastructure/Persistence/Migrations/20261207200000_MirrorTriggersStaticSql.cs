using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The mirror's KPI counter and analytics rollup triggers, and the one-dimension rollups' triggers those fire, run
    /// static SQL (docs/decisions/167-incremental-sync-at-1m.md): each decided relevance and applied its templates
    /// through <c>EXECUTE format(...)</c>, so PostgreSQL parsed and planned those statements on every call. Each
    /// template is now written out once per kind of statement (insert, update, delete) with that kind's source in
    /// place; PL/pgSQL plans each statement once per session and keeps the plan (a large write discards it first,
    /// decision 108). The statements, the order they run in, the locks and the early returns are the same, so the
    /// counters and rollups are the same.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261207200000_MirrorTriggersStaticSql")]
    public partial class MirrorTriggersStaticSql : Migration
    {
        private const string CountersLock = TicketCounters.LockKey;
        private const string RollupsLock = AnalyticsPolicyAndFirstResponse.LockKey;
        private const string Counted = TicketCounters.Counted;
        private const string Fields = AnalyticsPolicyAndFirstResponse.Fields;
        private const string Zones = "SELECT zone FROM analytics_zones";

        // The counters' sources, as ticket_counters_on_change built them.
        private const string CountersInserted = $"SELECT {Counted}, 1 AS sign FROM new_rows WHERE deleted_at IS NULL";
        private const string CountersDeleted = $"SELECT {Counted}, -1 AS sign FROM old_rows WHERE deleted_at IS NULL";
        private const string CountersUpdated = $"""
            WITH moved AS (
                SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.deleted_at IS NULL, o.status, o.priority, o.category, o.department, o.created_at, o.resolved_at, o.due_date)
                      IS DISTINCT FROM
                      (n.deleted_at IS NULL, n.status, n.priority, n.category, n.department, n.created_at, n.resolved_at, n.due_date))
            SELECT {Counted}, -1 AS sign FROM old_rows WHERE deleted_at IS NULL AND id IN (SELECT id FROM moved)
            UNION ALL
            SELECT {Counted}, 1 AS sign FROM new_rows WHERE deleted_at IS NULL AND id IN (SELECT id FROM moved)
            """;

        // The rollups' sources, as analytics_rollups_on_change built them.
        private const string RollupsInserted = $"SELECT {Fields}, 1 AS sign FROM new_rows t LEFT JOIN ticket_sla s ON s.ticket_id = t.id WHERE t.deleted_at IS NULL";
        private const string RollupsDeleted = $"SELECT {Fields}, -1 AS sign FROM old_rows t LEFT JOIN {AnalyticsPolicyAndFirstResponse.SlaSide} s ON s.ticket_id = t.id WHERE t.deleted_at IS NULL";
        private const string RollupsUpdated = $"""
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
            """;

        // The one-dimension rollups' sources (the fine table's rows with a sign), as AnalyticsDimensionRollups built them.
        private const string DimInserted = "SELECT n.*, 1 AS sign FROM new_rows n";
        private const string DimDeleted = "SELECT o.*, -1 AS sign FROM old_rows o";
        private const string DimUpdated = "SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION ticket_counters_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    -- An initial load defers the counters and rebuilds them once at its end.
                    IF current_setting('ticketing.counters_deferred', true) = 'on' THEN
                        RETURN NULL;
                    END IF;

                    IF TG_OP = 'INSERT' THEN
                        IF NOT EXISTS ({CountersInserted}) THEN
                            RETURN NULL;
                        END IF;
                {Counters(CountersInserted)}
                    ELSIF TG_OP = 'DELETE' THEN
                        IF NOT EXISTS ({CountersDeleted}) THEN
                            RETURN NULL;
                        END IF;
                {Counters(CountersDeleted)}
                    ELSE
                        IF NOT EXISTS ({CountersUpdated}) THEN
                            RETURN NULL;
                        END IF;
                {Counters(CountersUpdated)}
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);

            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_rollups_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    -- Only the transition tables decide relevance: the SLA side is read after the lock.
                    IF TG_OP = 'INSERT' THEN
                        IF NOT EXISTS ({RollupsInserted}) THEN
                            RETURN NULL;
                        END IF;
                {Rollups(RollupsInserted)}
                    ELSIF TG_OP = 'DELETE' THEN
                        IF NOT EXISTS ({RollupsDeleted}) THEN
                            DELETE FROM analytics_sla_gone WHERE ticket_id IN (SELECT id FROM old_rows);
                            RETURN NULL;
                        END IF;
                {Rollups(RollupsDeleted)}
                        DELETE FROM analytics_sla_gone WHERE ticket_id IN (SELECT id FROM old_rows);
                    ELSE
                        IF NOT EXISTS ({RollupsUpdated}) THEN
                            RETURN NULL;
                        END IF;
                {Rollups(RollupsUpdated)}
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);

            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_dim_rollups_on_days() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        {DimDays(DimInserted)};
                    ELSIF TG_OP = 'DELETE' THEN
                        {DimDays(DimDeleted)};
                    ELSE
                        {DimDays(DimUpdated)};
                    END IF;
                    RETURN NULL;
                END
                $fn$;

                -- TG_ARGV[0]: the histogram's kind, 'resolution' or 'response'.
                CREATE OR REPLACE FUNCTION analytics_dim_hist_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        {DimHist(DimInserted)};
                    ELSIF TG_OP = 'DELETE' THEN
                        {DimHist(DimDeleted)};
                    ELSE
                        {DimHist(DimUpdated)};
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The functions as TicketCounters and AnalyticsPolicyAndFirstResponse wrote them.
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION ticket_counters_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                    relevant boolean;
                BEGIN
                    -- An initial load defers the counters and rebuilds them once at its end.
                    IF current_setting('ticketing.counters_deferred', true) = 'on' THEN
                        RETURN NULL;
                    END IF;

                    IF TG_OP = 'INSERT' THEN
                        source := '{CountersInserted}';
                    ELSIF TG_OP = 'DELETE' THEN
                        source := '{CountersDeleted}';
                    ELSE
                        source := $s$
                {CountersUpdated}
                            $s$;
                    END IF;

                    EXECUTE format('SELECT EXISTS (%s)', source) INTO relevant;
                    IF NOT relevant THEN
                        RETURN NULL;
                    END IF;

                    -- Writers take the counters one transaction at a time, so two writers that touch the
                    -- same counters in different orders cannot deadlock; held until commit.
                    PERFORM pg_advisory_xact_lock({CountersLock});
                    EXECUTE format($q${TicketCounters.CountsTemplate}$q$, source);
                    EXECUTE format($q${TicketCounters.GroupsTemplate}$q$, source);
                    EXECUTE format($q${TicketCounters.DaysTemplate}$q$, source);
                    RETURN NULL;
                END
                $fn$;
                """);

            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_rollups_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                    zones constant text := '{Zones}';
                    relevant boolean;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        source := $s${RollupsInserted}$s$;
                    ELSIF TG_OP = 'DELETE' THEN
                        source := $s${RollupsDeleted}$s$;
                    ELSE
                        source := $s$
                {RollupsUpdated}
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
                    PERFORM pg_advisory_xact_lock({RollupsLock});
                {AnalyticsPolicyAndFirstResponse.ApplyAll}
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM analytics_sla_gone WHERE ticket_id IN (SELECT id FROM old_rows);
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);

            // The dimension functions as AnalyticsDimensionRollups wrote them.
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_dim_rollups_on_days() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                BEGIN
                {AnalyticsDimensionRollups.Difference}
                    EXECUTE format($q${AnalyticsDimensionRollups.DaysTemplate}$q$, source);
                    RETURN NULL;
                END
                $fn$;

                CREATE OR REPLACE FUNCTION analytics_dim_hist_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                BEGIN
                {AnalyticsDimensionRollups.Difference}
                    EXECUTE format($q${AnalyticsDimensionRollups.HistTemplate}$q$, source, TG_ARGV[0]);
                    RETURN NULL;
                END
                $fn$;
                """);
        }

        /// <summary>
        /// The counters' three statements over <paramref name="source"/>, after their lock: writers take the counters
        /// one transaction at a time, so two writers that touch the same counters in different orders cannot deadlock.
        /// </summary>
        private static string Counters(string source) => $"""
                    PERFORM pg_advisory_xact_lock({CountersLock});
                    {TicketCounters.CountsTemplate.Replace("%s", source, StringComparison.Ordinal)};
                    {TicketCounters.GroupsTemplate.Replace("%s", source, StringComparison.Ordinal)};
                    {TicketCounters.DaysTemplate.Replace("%s", source, StringComparison.Ordinal)};
            """;

        /// <summary>
        /// The rollups' four statements over <paramref name="source"/>, after their lock: one writing transaction at a
        /// time, so two writers touching the same rollup rows in different orders cannot deadlock, and each reads the
        /// other side as committed.
        /// </summary>
        private static string Rollups(string source) => $"""
                    PERFORM pg_advisory_xact_lock({RollupsLock});
                    {Static(AnalyticsPolicyAndFirstResponse.DaysTemplate, source)};
                    {Static(AnalyticsPolicyAndFirstResponse.HistogramTemplate, source)};
                    {Static(AnalyticsPolicyAndFirstResponse.ResponseTemplate, source)};
                    {Static(AnalyticsPolicyAndFirstResponse.OpenTemplate, source)};
            """;

        // A rollup template with its source (%1$s) and the kept zones (%2$s) in place, as format() filled them.
        private static string Static(string template, string source) =>
            template.Replace("%1$s", source, StringComparison.Ordinal).Replace("%2$s", Zones, StringComparison.Ordinal);

        // A one-dimension rollup template with its source in place, as format() filled it.
        private static string DimDays(string source) =>
            AnalyticsDimensionRollups.DaysTemplate.Replace("%1$s", source, StringComparison.Ordinal);

        // The histogram's kind (%2$L, the trigger's argument) stays a value: the same plan serves both histograms.
        private static string DimHist(string source) =>
            AnalyticsDimensionRollups.HistTemplate.Replace("%1$s", source, StringComparison.Ordinal).Replace("%2$L", "TG_ARGV[0]", StringComparison.Ordinal);
    }
}
