using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SlaEscalations : Migration
    {
        // Escalation rules and their firings, not mapped by EF (read and written in SQL by EscalationStore).
        // A firing's unique key (rule, ticket, target, cycle) is what makes a rule fire once: the evaluator
        // claims it with INSERT … ON CONFLICT DO NOTHING before acting (decision 091). A deleted rule or policy
        // leaves its firings, with the rule's words, in the tickets' history. Spelled out here: a migration must
        // not change when the code does.
        private const string Create =
            """
            CREATE TABLE escalation_rules (
                id uuid PRIMARY KEY,
                policy_id uuid NOT NULL REFERENCES sla_policies(id) ON DELETE CASCADE,
                target text NOT NULL CHECK (target IN ('first_response', 'resolution')),
                trigger_kind text NOT NULL CHECK (trigger_kind IN ('elapsed_percent', 'at_breach', 'hours_after_breach')),
                percent integer CHECK (percent BETWEEN 1 AND 99),
                hours_after_breach integer CHECK (hours_after_breach >= 1),
                action text NOT NULL CHECK (action IN ('notify_assignee', 'notify_role', 'notify_users', 'post_to_channel', 'raise_priority', 'reassign')),
                role text,
                user_emails text[] NOT NULL DEFAULT '{}',
                channel_id uuid REFERENCES chat_channels(id) ON DELETE SET NULL,
                priority text,
                assignee_id text,
                assignee_name text,
                created_at timestamptz NOT NULL,
                CONSTRAINT ck_escalation_rules_trigger CHECK (
                    (trigger_kind <> 'elapsed_percent' OR percent IS NOT NULL)
                    AND (trigger_kind <> 'hours_after_breach' OR hours_after_breach IS NOT NULL))
            );
            CREATE INDEX ix_escalation_rules_policy ON escalation_rules (policy_id);

            CREATE TABLE escalation_firings (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                rule_id uuid REFERENCES escalation_rules(id) ON DELETE SET NULL,
                policy_id uuid REFERENCES sla_policies(id) ON DELETE SET NULL,
                ticket_id uuid NOT NULL REFERENCES tickets_cache(id) ON DELETE CASCADE,
                target text NOT NULL,
                cycle integer NOT NULL,
                rule_text text NOT NULL,
                due_at timestamptz NOT NULL,
                fired_at timestamptz NOT NULL,
                outcome text NOT NULL CHECK (outcome IN ('pending', 'done', 'failed')),
                result text,
                completed_at timestamptz
            );
            CREATE UNIQUE INDEX ux_escalation_firings_once ON escalation_firings (rule_id, ticket_id, target, cycle);
            CREATE INDEX ix_escalation_firings_ticket ON escalation_firings (ticket_id, fired_at);
            CREATE INDEX ix_escalation_firings_policy ON escalation_firings (policy_id, fired_at DESC);
            CREATE INDEX ix_escalation_firings_pending ON escalation_firings (fired_at) WHERE outcome = 'pending';
            """;

        private const string Drop =
            """
            DROP TABLE IF EXISTS escalation_firings;
            DROP TABLE IF EXISTS escalation_rules;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Create);

            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications");

            migrationBuilder.DropCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass', 'escalation')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass', 'escalation')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Drop);
            migrationBuilder.Sql("DELETE FROM email_digest_items WHERE notification_type = 'escalation'");
            migrationBuilder.Sql("DELETE FROM ticket_notifications WHERE notification_type = 'escalation'");

            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications");

            migrationBuilder.DropCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass')");
        }
    }
}
