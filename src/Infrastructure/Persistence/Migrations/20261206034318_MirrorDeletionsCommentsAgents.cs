using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MirrorDeletionsCommentsAgents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "comments_synced_through",
                table: "tickets_cache",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deletions_watermark",
                table: "ticketing_system_config",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "author_email",
                table: "ticket_comments",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "visibility",
                table: "ticket_comments",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "remote_agents",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    refreshed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_remote_agents", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_cache_comment_backfill",
                table: "tickets_cache",
                column: "updated_at",
                descending: new bool[0],
                filter: "deleted_at IS NULL AND (comments_synced_through IS NULL OR comments_synced_through < updated_at)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_comments_visibility",
                table: "ticket_comments",
                sql: "visibility IN ('public', 'internal')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "remote_agents");

            migrationBuilder.DropIndex(
                name: "ix_tickets_cache_comment_backfill",
                table: "tickets_cache");

            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_comments_visibility",
                table: "ticket_comments");

            migrationBuilder.DropColumn(
                name: "comments_synced_through",
                table: "tickets_cache");

            migrationBuilder.DropColumn(
                name: "deletions_watermark",
                table: "ticketing_system_config");

            migrationBuilder.DropColumn(
                name: "author_email",
                table: "ticket_comments");

            migrationBuilder.DropColumn(
                name: "visibility",
                table: "ticket_comments");
        }
    }
}
