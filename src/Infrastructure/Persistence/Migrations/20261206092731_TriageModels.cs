using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TriageModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "triage_feedback",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: true),
                    target = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    suggested_value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    chosen_value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    confidence = table.Column<double>(type: "double precision", nullable: false),
                    model_version = table.Column<long>(type: "bigint", nullable: true),
                    accepted = table.Column<bool>(type: "boolean", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triage_feedback", x => x.id);
                    table.CheckConstraint("ck_triage_feedback_target", "target IN ('category', 'department', 'priority')");
                });

            migrationBuilder.CreateTable(
                name: "triage_models",
                columns: table => new
                {
                    version = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    target = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    trained_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    training_milliseconds = table.Column<int>(type: "integer", nullable: false),
                    tickets_read = table.Column<long>(type: "bigint", nullable: false),
                    train_count = table.Column<int>(type: "integer", nullable: false),
                    test_count = table.Column<int>(type: "integer", nullable: false),
                    accuracy = table.Column<double>(type: "double precision", nullable: false),
                    macro_f1 = table.Column<double>(type: "double precision", nullable: false),
                    majority_accuracy = table.Column<double>(type: "double precision", nullable: false),
                    majority_macro_f1 = table.Column<double>(type: "double precision", nullable: false),
                    keyword_accuracy = table.Column<double>(type: "double precision", nullable: false),
                    keyword_macro_f1 = table.Column<double>(type: "double precision", nullable: false),
                    labels = table.Column<string[]>(type: "text[]", nullable: false),
                    confusion = table.Column<string>(type: "jsonb", nullable: false),
                    keywords = table.Column<string>(type: "jsonb", nullable: false),
                    model_bytes = table.Column<byte[]>(type: "bytea", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    decision = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triage_models", x => x.version);
                    table.CheckConstraint("ck_triage_models_target", "target IN ('category', 'department', 'priority')");
                });

            migrationBuilder.CreateTable(
                name: "triage_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    use_phi_tickets_for_training = table.Column<bool>(type: "boolean", nullable: false),
                    auto_apply_category_above = table.Column<double>(type: "double precision", nullable: true),
                    auto_apply_department_above = table.Column<double>(type: "double precision", nullable: true),
                    auto_apply_priority_above = table.Column<double>(type: "double precision", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triage_settings", x => x.id);
                    table.CheckConstraint("ck_triage_settings_singleton", "id = 1");
                });

            migrationBuilder.CreateIndex(
                name: "ix_triage_feedback_ticket_id_target_id",
                table: "triage_feedback",
                columns: new[] { "ticket_id", "target", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_triage_models_active_target",
                table: "triage_models",
                column: "target",
                unique: true,
                filter: "is_active");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "triage_feedback");

            migrationBuilder.DropTable(
                name: "triage_models");

            migrationBuilder.DropTable(
                name: "triage_settings");
        }
    }
}
