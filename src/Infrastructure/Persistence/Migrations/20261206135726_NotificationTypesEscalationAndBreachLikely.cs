using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class NotificationTypesEscalationAndBreachLikely : Migration
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
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass', 'sla_breach_likely', 'escalation')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass', 'sla_breach_likely', 'escalation')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
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
        }
    }
}
