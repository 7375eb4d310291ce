using Microsoft.EntityFrameworkCore.Migrations;
using Ticketing.Infrastructure.Audit;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TamperEvidentAuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "client_address",
                table: "audit_log",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "hash",
                table: "audit_log",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<long>(
                name: "seq",
                table: "audit_log",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string[]>(
                name: "ticket_ids",
                table: "audit_log",
                type: "text[]",
                nullable: true);

            // The entries written before the chain existed are chained in their order, then the triggers
            // take over: every insert is chained, and updates and deletes are refused.
            migrationBuilder.Sql(AuditChainSql.Functions);
            migrationBuilder.Sql(AuditChainSql.ChainExisting);

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_seq",
                table: "audit_log",
                column: "seq",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_ticket_ids",
                table: "audit_log",
                column: "ticket_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.Sql(AuditChainSql.Triggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditChainSql.Uninstall);

            migrationBuilder.DropIndex(
                name: "ix_audit_log_seq",
                table: "audit_log");

            migrationBuilder.DropIndex(
                name: "ix_audit_log_ticket_ids",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "client_address",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "hash",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "seq",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "ticket_ids",
                table: "audit_log");
        }
    }
}
