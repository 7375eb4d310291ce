using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TicketSearchDocument : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_cache_description_trgm",
                table: "tickets_cache");

            migrationBuilder.DropIndex(
                name: "ix_tickets_cache_title_trgm",
                table: "tickets_cache");

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_document",
                table: "tickets_cache",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "setweight(to_tsvector('simple'::regconfig, translate(ticket_number::text, '-', ' ')), 'A') || setweight(to_tsvector('simple'::regconfig, translate(title::text, '@./:<>', '      ')), 'B') || setweight(to_tsvector('simple'::regconfig, translate(coalesce(description, ''), '@./:<>', '      ')), 'C')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_cache_search_document",
                table: "tickets_cache",
                column: "search_document",
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_cache_search_document",
                table: "tickets_cache");

            migrationBuilder.DropColumn(
                name: "search_document",
                table: "tickets_cache");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_cache_description_trgm",
                table: "tickets_cache",
                column: "description")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_cache_title_trgm",
                table: "tickets_cache",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }
    }
}
