using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The stored search document turns its separators into spaces with nested <c>replace()</c> calls
    /// instead of one <c>translate()</c> (decision 109): the same text, so the same document, for about
    /// three quarters of the CPU of every insert and update of a ticket. PostgreSQL 15 cannot change a
    /// generated column's expression, so the column and its GIN index are dropped and added again, which
    /// rewrites <c>tickets_cache</c> (a large mirror's migration belongs in a maintenance window, as in
    /// decision 014).
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261207010000_SearchDocumentWithoutTranslate")]
    public partial class SearchDocumentWithoutTranslate : Migration
    {
        private const string WithReplace =
            "setweight(to_tsvector('simple'::regconfig, replace(ticket_number::text, '-', ' ')), 'A') || setweight(to_tsvector('simple'::regconfig, replace(replace(replace(replace(replace(replace(title::text, '@', ' '), '.', ' '), '/', ' '), ':', ' '), '<', ' '), '>', ' ')), 'B') || setweight(to_tsvector('simple'::regconfig, replace(replace(replace(replace(replace(replace(coalesce(description, ''), '@', ' '), '.', ' '), '/', ' '), ':', ' '), '<', ' '), '>', ' ')), 'C')";

        private const string WithTranslate =
            "setweight(to_tsvector('simple'::regconfig, translate(ticket_number::text, '-', ' ')), 'A') || setweight(to_tsvector('simple'::regconfig, translate(title::text, '@./:<>', '      ')), 'B') || setweight(to_tsvector('simple'::regconfig, translate(coalesce(description, ''), '@./:<>', '      ')), 'C')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Replace(migrationBuilder, WithReplace);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Replace(migrationBuilder, WithTranslate);

        private static void Replace(MigrationBuilder migrationBuilder, string expression)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_cache_search_document",
                table: "tickets_cache");

            migrationBuilder.DropColumn(
                name: "search_document",
                table: "tickets_cache");

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_document",
                table: "tickets_cache",
                type: "tsvector",
                nullable: true,
                computedColumnSql: expression,
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_tickets_cache_search_document",
                table: "tickets_cache",
                column: "search_document",
                filter: "deleted_at IS NULL")
                .Annotation("Npgsql:IndexMethod", "gin");
        }
    }
}
