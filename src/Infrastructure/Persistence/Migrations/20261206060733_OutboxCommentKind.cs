using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OutboxCommentKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_outbox_kind",
                table: "ticket_outbox");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_outbox_kind",
                table: "ticket_outbox",
                sql: "kind IN ('create', 'update', 'comment')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_outbox_kind",
                table: "ticket_outbox");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_outbox_kind",
                table: "ticket_outbox",
                sql: "kind IN ('create', 'update')");
        }
    }
}
