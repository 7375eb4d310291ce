using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PhiBreakGlassNotification : Migration
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
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected', 'phi_break_glass')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM email_digest_items WHERE notification_type = 'phi_break_glass'");
            migrationBuilder.Sql("DELETE FROM ticket_notifications WHERE notification_type = 'phi_break_glass'");

            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications");

            migrationBuilder.DropCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_digest_items_notification_type",
                table: "email_digest_items",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected')");
        }
    }
}
