using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The analytics rollups' trigger on <c>ticket_sla</c> (decision 126) made cheap for the SLA recompute
    /// (docs/decisions/097-sla-rollup-trigger-moves-only-what-counts.md): one pass joins each changed SLA row to
    /// its mirror row once, after the rollup lock, and keeps only the rows whose move changes a rollup — a new
    /// policy or first response always, the met/breached states only when the ticket is done (an unresolved
    /// ticket's states are counted nowhere) — and the four rollup upserts read that one materialized set in a
    /// single statement; the function runs without JIT compilation, which cost far more than the statements.
    /// The rollups stay a recomputation: what is left out adds and removes the same row.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206180000_SlaRollupTriggerMovesOnlyWhatCounts")]
    public partial class SlaRollupTriggerMovesOnlyWhatCounts : Migration
    {
        private const string LockKey = AnalyticsPolicyAndFirstResponse.LockKey;

        private const string Zones = "SELECT zone FROM analytics_zones";

        // The old (o_) and new (n_) SLA figures of each ticket whose SLA row a statement changed; an absent side is nulls.
        private const string InsertedPairs = """
            SELECT n.ticket_id, NULL::uuid AS o_policy_id, NULL::timestamptz AS o_first_response_at,
                   NULL::text AS o_first_response_state, NULL::text AS o_resolution_state,
                   n.policy_id AS n_policy_id, n.first_response_at AS n_first_response_at,
                   n.first_response_state AS n_first_response_state, n.resolution_state AS n_resolution_state
            FROM new_rows n
            """;

        private const string DeletedPairs = """
            SELECT o.ticket_id, o.policy_id AS o_policy_id, o.first_response_at AS o_first_response_at,
                   o.first_response_state AS o_first_response_state, o.resolution_state AS o_resolution_state,
                   NULL::uuid AS n_policy_id, NULL::timestamptz AS n_first_response_at,
                   NULL::text AS n_first_response_state, NULL::text AS n_resolution_state
            FROM old_rows o
            """;

        private const string Changed = """
            (o.policy_id, o.first_response_at, o.first_response_state, o.resolution_state)
                IS DISTINCT FROM (n.policy_id, n.first_response_at, n.first_response_state, n.resolution_state)
            """;

        private const string UpdatedPairs = $"""
            SELECT o.ticket_id, o.policy_id AS o_policy_id, o.first_response_at AS o_first_response_at,
                   o.first_response_state AS o_first_response_state, o.resolution_state AS o_resolution_state,
                   n.policy_id AS n_policy_id, n.first_response_at AS n_first_response_at,
                   n.first_response_state AS n_first_response_state, n.resolution_state AS n_resolution_state
            FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id
            WHERE {Changed}
            """;

        /// <summary>
        /// One statement moving the tickets of <paramref name="pairs"/> from their old SLA figures to their new ones in
        /// the four rollups. The mirror row is read here, after the lock, so a concurrent mirror writer's change is
        /// seen as committed. A pair counts only if its policy or first response differs, or the ticket is done
        /// ("done" as AnalyticsPolicyAndFirstResponse.Fields says it) and a met/breached state differs: otherwise its
        /// minus and plus rows fall in the same rollup rows with the same values.
        /// </summary>
        private static string Move(string pairs)
        {
            const string source = "SELECT * FROM moved";
            return $"""
                WITH pairs AS ({pairs}),
                moved AS MATERIALIZED (
                    SELECT {AnalyticsPolicyAndFirstResponse.Fields}, s.sign
                    FROM pairs p
                    JOIN tickets_cache t ON t.id = p.ticket_id
                    CROSS JOIN LATERAL (VALUES
                        (-1, p.o_policy_id, p.o_first_response_at, p.o_first_response_state, p.o_resolution_state),
                        (1, p.n_policy_id, p.n_first_response_at, p.n_first_response_state, p.n_resolution_state))
                        AS s(sign, policy_id, first_response_at, first_response_state, resolution_state)
                    WHERE t.deleted_at IS NULL
                      AND ((p.o_policy_id, p.o_first_response_at) IS DISTINCT FROM (p.n_policy_id, p.n_first_response_at)
                           OR (t.status IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL
                               AND (p.o_first_response_state, p.o_resolution_state)
                                   IS DISTINCT FROM (p.n_first_response_state, p.n_resolution_state)))),
                days AS ({Fill(AnalyticsPolicyAndFirstResponse.DaysTemplate, source)}),
                resolutions AS ({Fill(AnalyticsPolicyAndFirstResponse.HistogramTemplate, source)}),
                responses AS ({Fill(AnalyticsPolicyAndFirstResponse.ResponseTemplate, source)})
                {Fill(AnalyticsPolicyAndFirstResponse.OpenTemplate, source)};
                """;
        }

        // The templates are format() strings: %1$s the source, %2$s the zones.
        private static string Fill(string template, string source) =>
            template.Replace("%1$s", source, StringComparison.Ordinal).Replace("%2$s", Zones, StringComparison.Ordinal);

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                -- A ticket's SLA row changing (its policy, first response or met/breached states) moves the
                -- ticket's contribution from the old SLA row to the new one (no row: no policy). Without JIT:
                -- a recompute batch's statement is estimated far above jit_above_cost, and compiling it (and the
                -- dimension rollups' triggers it fires) took ten times as long as running it.
                CREATE OR REPLACE FUNCTION analytics_rollups_on_sla_change() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $fn$
                BEGIN
                    -- Only the transition tables decide whether to lock: the mirror is read after the lock.
                    IF TG_OP = 'INSERT' THEN
                        IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
                            RETURN NULL;
                        END IF;
                        PERFORM pg_advisory_xact_lock({LockKey});
                        {Move(InsertedPairs)}
                    ELSIF TG_OP = 'DELETE' THEN
                        IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
                            RETURN NULL;
                        END IF;
                        PERFORM pg_advisory_xact_lock({LockKey});
                        {Move(DeletedPairs)}
                    ELSE
                        IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id WHERE {Changed}) THEN
                            RETURN NULL;
                        END IF;
                        PERFORM pg_advisory_xact_lock({LockKey});
                        {Move(UpdatedPairs)}
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Decision 126's function as AnalyticsPolicyAndFirstResponse created it.
            const string fields = AnalyticsPolicyAndFirstResponse.Fields;
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION analytics_rollups_on_sla_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    source text;
                    zones constant text := '{Zones}';
                    relevant boolean;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        relevant := EXISTS (SELECT 1 FROM new_rows);
                        source := $s$
                            SELECT {fields}, -1 AS sign FROM new_rows n JOIN tickets_cache t ON t.id = n.ticket_id LEFT JOIN ticket_sla s ON false
                            WHERE t.deleted_at IS NULL
                            UNION ALL
                            SELECT {fields}, 1 AS sign FROM new_rows s JOIN tickets_cache t ON t.id = s.ticket_id WHERE t.deleted_at IS NULL
                            $s$;
                    ELSIF TG_OP = 'DELETE' THEN
                        relevant := EXISTS (SELECT 1 FROM old_rows);
                        source := $s$
                            SELECT {fields}, -1 AS sign FROM old_rows s JOIN tickets_cache t ON t.id = s.ticket_id WHERE t.deleted_at IS NULL
                            UNION ALL
                            SELECT {fields}, 1 AS sign FROM old_rows o JOIN tickets_cache t ON t.id = o.ticket_id LEFT JOIN ticket_sla s ON false
                            WHERE t.deleted_at IS NULL
                            $s$;
                    ELSE
                        relevant := EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id WHERE {Changed});
                        source := $s$
                            WITH moved AS (SELECT o.ticket_id FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id WHERE {Changed})
                            SELECT {fields}, -1 AS sign FROM old_rows s JOIN tickets_cache t ON t.id = s.ticket_id
                            WHERE t.deleted_at IS NULL AND s.ticket_id IN (SELECT ticket_id FROM moved)
                            UNION ALL
                            SELECT {fields}, 1 AS sign FROM new_rows s JOIN tickets_cache t ON t.id = s.ticket_id
                            WHERE t.deleted_at IS NULL AND s.ticket_id IN (SELECT ticket_id FROM moved)
                            $s$;
                    END IF;

                    IF NOT relevant THEN
                        RETURN NULL;
                    END IF;

                    PERFORM pg_advisory_xact_lock({LockKey});
                {AnalyticsPolicyAndFirstResponse.ApplyAll}
                    RETURN NULL;
                END
                $fn$;
                """);
        }
    }
}
