using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TicketOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications");

            migrationBuilder.AlterColumn<Guid>(
                name: "ticket_id",
                table: "ticket_notifications",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.CreateTable(
                name: "ticket_outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    idempotency_key = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: true),
                    external_ticket_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ticket_number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    author_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_outbox", x => x.id);
                    table.CheckConstraint("ck_ticket_outbox_kind", "kind IN ('create', 'update')");
                    table.CheckConstraint("ck_ticket_outbox_state", "state IN ('pending', 'delivered', 'rejected')");
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected')");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_outbox_author_user_id_queued_at",
                table: "ticket_outbox",
                columns: new[] { "author_user_id", "queued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ticket_outbox_idempotency_key",
                table: "ticket_outbox",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ticket_outbox_pending",
                table: "ticket_outbox",
                column: "id",
                filter: "state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_outbox_ticket_id_pending",
                table: "ticket_outbox",
                column: "ticket_id",
                filter: "state = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ticket_outbox");

            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications");

            migrationBuilder.AlterColumn<Guid>(
                name: "ticket_id",
                table: "ticket_notifications",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_notifications_notification_type",
                table: "ticket_notifications",
                sql: "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach')");
        }
    }
}
