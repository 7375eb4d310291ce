using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class NotificationFoldingFollowersTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "changes",
                table: "ticket_notifications",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "due_at",
                table: "ticket_notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fold_until",
                table: "ticket_notifications",
                type: "timestamp with time zone",
                nullable: true);

            // SLA breaches stored before this kept their due time as UTC text in the message; it
            // becomes data, shown in each reader's zone, and the message keeps the ticket's title.
            migrationBuilder.Sql("""
                UPDATE ticket_notifications
                SET due_at = (substring(message from '^Due ([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}) UTC') || ':00+00')::timestamptz,
                    message = regexp_replace(message, '^Due [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC and still not resolved: ', '')
                WHERE notification_type = 'sla_breach' AND message ~ '^Due [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC'
                """);

            migrationBuilder.CreateTable(
                name: "ticket_followers",
                columns: table => new
                {
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    following = table.Column<bool>(type: "boolean", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_followers", x => new { x.ticket_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_ticket_followers_tickets_cache_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets_cache",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ticket_followers_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ticket_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title_pattern = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    description_skeleton = table.Column<string>(type: "text", nullable: true),
                    category = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    priority = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false),
                    custom_fields = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_templates", x => x.id);
                    table.CheckConstraint("ck_ticket_templates_priority", "priority IS NULL OR priority IN ('low', 'medium', 'high', 'urgent', 'critical')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_ticket_followers_user_id",
                table: "ticket_followers",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_templates_name",
                table: "ticket_templates",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ticket_followers");

            migrationBuilder.DropTable(
                name: "ticket_templates");

            migrationBuilder.Sql("""
                UPDATE ticket_notifications
                SET message = left('Due ' || to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC and still not resolved: ' || message, 2000)
                WHERE notification_type = 'sla_breach' AND due_at IS NOT NULL
                """);

            migrationBuilder.DropColumn(
                name: "changes",
                table: "ticket_notifications");

            migrationBuilder.DropColumn(
                name: "due_at",
                table: "ticket_notifications");

            migrationBuilder.DropColumn(
                name: "fold_until",
                table: "ticket_notifications");
        }
    }
}
