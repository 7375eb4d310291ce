using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class QueuedAttachmentUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_outbox_kind",
                table: "ticket_outbox");

            migrationBuilder.CreateTable(
                name: "attachment_outbox",
                columns: table => new
                {
                    outbox_id = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_outbox", x => x.outbox_id);
                    table.CheckConstraint("ck_attachment_outbox_size", "octet_length(content) <= 26214400");
                    table.ForeignKey(
                        name: "fk_attachment_outbox_outbox_outbox_id",
                        column: x => x.outbox_id,
                        principalTable: "ticket_outbox",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_outbox_kind",
                table: "ticket_outbox",
                sql: "kind IN ('create', 'update', 'comment', 'attachment')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachment_outbox");

            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_outbox_kind",
                table: "ticket_outbox");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_outbox_kind",
                table: "ticket_outbox",
                sql: "kind IN ('create', 'update', 'comment')");
        }
    }
}
