using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class KpiCoveringResolvedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_cache_resolved_at",
                table: "tickets_cache");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_cache_resolved_at",
                table: "tickets_cache",
                column: "resolved_at",
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "created_at", "due_date", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_cache_resolved_at",
                table: "tickets_cache");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_cache_resolved_at",
                table: "tickets_cache",
                column: "resolved_at",
                filter: "deleted_at IS NULL");
        }
    }
}
