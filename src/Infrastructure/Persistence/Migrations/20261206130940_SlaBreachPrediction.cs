using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Breach prediction (decision 095): each active ticket's last estimate (<c>ticket_breach_risk</c>, the
    /// crossing's time in <c>likely_since</c>), the stored backtests (<c>sla_backtests</c>), and the
    /// <c>sla_breach_likely</c> notification type.
    /// </summary>
    public partial class SlaBreachPrediction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications");

            migrationBuilder.DropCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass', 'sla_breach_likely')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass', 'sla_breach_likely')");

            migrationBuilder.Sql("""
                CREATE TABLE ticket_breach_risk (
                    ticket_id uuid NOT NULL,
                    probability double precision NOT NULL,
                    similar_share double precision NOT NULL,
                    stratum_level smallint NOT NULL,
                    sample_size integer NOT NULL,
                    target_hours double precision NOT NULL,
                    hours_left double precision NOT NULL,
                    load_factor double precision NOT NULL,
                    likely boolean NOT NULL,
                    likely_since timestamptz,
                    computed_at timestamptz NOT NULL,
                    CONSTRAINT pk_ticket_breach_risk PRIMARY KEY (ticket_id),
                    CONSTRAINT fk_ticket_breach_risk_ticket FOREIGN KEY (ticket_id) REFERENCES tickets_cache (id) ON DELETE CASCADE,
                    CONSTRAINT ck_ticket_breach_risk_probability CHECK (probability BETWEEN 0 AND 1 AND similar_share BETWEEN 0 AND 1),
                    CONSTRAINT ck_ticket_breach_risk_likely_since CHECK (likely = (likely_since IS NOT NULL)));
                CREATE INDEX ix_ticket_breach_risk_likely ON ticket_breach_risk (ticket_id) WHERE likely;

                CREATE TABLE sla_backtests (
                    id bigint GENERATED ALWAYS AS IDENTITY,
                    ran_at timestamptz NOT NULL,
                    days integer NOT NULL,
                    report jsonb NOT NULL,
                    CONSTRAINT pk_sla_backtests PRIMARY KEY (id));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS sla_backtests; DROP TABLE IF EXISTS ticket_breach_risk;");
            migrationBuilder.Sql("DELETE FROM email_digest_items WHERE notification_type = 'sla_breach_likely'");
            migrationBuilder.Sql("DELETE FROM ticket_notifications WHERE notification_type = 'sla_breach_likely'");

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
