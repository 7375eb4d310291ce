using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The list, the KPIs and the Overview read the SLA policy's figures (docs/decisions/160-sla-policy-figures-in-the-list.md):
    /// <c>ticket_sla.is_open</c> (the ticket was unresolved at its last recompute) with a partial index, so
    /// "breached" and "at risk" walk only the open tickets' rows, not every breached ticket ever resolved; and statement triggers on <c>remote_agents</c> that mark for
    /// recompute the tickets whose first response can move when an agent is added, removed or changes e-mail.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206130500_SlaListFigures")]
    public partial class SlaListFigures : Migration
    {
        // TicketStatuses.Active spelled out: a migration must not change when the code does.
        private const string CreateSql =
            """
            ALTER TABLE ticket_sla ADD COLUMN is_open boolean NOT NULL DEFAULT false;
            UPDATE ticket_sla s SET is_open = true
            FROM tickets_cache t WHERE t.id = s.ticket_id AND t.status IN ('open', 'in_progress', 'pending', 'on_hold');
            CREATE INDEX ix_ticket_sla_open_state_due ON ticket_sla (state, resolution_due_at) WHERE is_open;

            CREATE FUNCTION sla_mark_agent_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO sla_dirty (ticket_id)
                    SELECT DISTINCT c.ticket_id FROM ticket_comments c
                    WHERE c.visibility = 'public' AND lower(c.author_email) IN (SELECT lower(email) FROM new_rows WHERE email IS NOT NULL)
                    ON CONFLICT DO NOTHING;
                ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO sla_dirty (ticket_id)
                    SELECT DISTINCT c.ticket_id FROM ticket_comments c
                    WHERE c.visibility = 'public' AND lower(c.author_email) IN (SELECT lower(email) FROM old_rows WHERE email IS NOT NULL)
                    ON CONFLICT DO NOTHING;
                ELSE
                    INSERT INTO sla_dirty (ticket_id)
                    SELECT DISTINCT c.ticket_id FROM ticket_comments c
                    WHERE c.visibility = 'public' AND lower(c.author_email) IN (
                        SELECT lower(e.email) FROM old_rows o JOIN new_rows n ON n.id = o.id
                        CROSS JOIN LATERAL (VALUES (o.email), (n.email)) e(email)
                        WHERE lower(o.email) IS DISTINCT FROM lower(n.email) AND e.email IS NOT NULL)
                    ON CONFLICT DO NOTHING;
                END IF;
                RETURN NULL;
            END $$;

            CREATE TRIGGER tr_remote_agents_sla_insert AFTER INSERT ON remote_agents
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_agent_tickets();
            CREATE TRIGGER tr_remote_agents_sla_update AFTER UPDATE ON remote_agents
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_agent_tickets();
            CREATE TRIGGER tr_remote_agents_sla_delete AFTER DELETE ON remote_agents
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_agent_tickets();
            """;

        private const string DropSql =
            """
            DROP TRIGGER IF EXISTS tr_remote_agents_sla_delete ON remote_agents;
            DROP TRIGGER IF EXISTS tr_remote_agents_sla_update ON remote_agents;
            DROP TRIGGER IF EXISTS tr_remote_agents_sla_insert ON remote_agents;
            DROP FUNCTION IF EXISTS sla_mark_agent_tickets();
            DROP INDEX IF EXISTS ix_ticket_sla_open_state_due;
            ALTER TABLE ticket_sla DROP COLUMN IF EXISTS is_open;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(CreateSql);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(DropSql);
    }
}
