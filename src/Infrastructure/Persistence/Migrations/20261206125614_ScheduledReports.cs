using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ScheduledReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_email_messages_kind",
                table: "email_messages");

            migrationBuilder.AddColumn<byte[]>(
                name: "attachment",
                table: "email_messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_content_type",
                table: "email_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_name",
                table: "email_messages",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "report_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    created_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    frequency = table.Column<int>(type: "integer", nullable: false),
                    day = table.Column<int>(type: "integer", nullable: false),
                    hour = table.Column<int>(type: "integer", nullable: false),
                    period_days = table.Column<int>(type: "integer", nullable: false),
                    categories = table.Column<string[]>(type: "text[]", nullable: false),
                    departments = table.Column<string[]>(type: "text[]", nullable: false),
                    priorities = table.Column<string[]>(type: "text[]", nullable: false),
                    letter = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_occurrence = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_subscriptions", x => x.id);
                    table.CheckConstraint("ck_report_subscriptions_day", "(frequency = 0 AND day BETWEEN 0 AND 6) OR (frequency = 1 AND day BETWEEN 1 AND 28)");
                    table.CheckConstraint("ck_report_subscriptions_frequency", "frequency IN (0, 1)");
                    table.CheckConstraint("ck_report_subscriptions_hour", "hour BETWEEN 0 AND 23");
                    table.ForeignKey(
                        name: "fk_report_subscriptions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_messages_kind",
                table: "email_messages",
                sql: "kind IN ('notification', 'digest', 'test', 'report')");

            migrationBuilder.CreateIndex(
                name: "ix_report_subscriptions_user_id",
                table: "report_subscriptions",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_subscriptions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_email_messages_kind",
                table: "email_messages");

            migrationBuilder.DropColumn(
                name: "attachment",
                table: "email_messages");

            migrationBuilder.DropColumn(
                name: "attachment_content_type",
                table: "email_messages");

            migrationBuilder.DropColumn(
                name: "attachment_name",
                table: "email_messages");

            migrationBuilder.AddCheckConstraint(
                name: "ck_email_messages_kind",
                table: "email_messages",
                sql: "kind IN ('notification', 'digest', 'test')");
        }
    }
}
