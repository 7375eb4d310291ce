using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SlaPolicies : Migration
    {
        // The SLA tables EF does not map and the triggers that mark tickets for the recompute: statement-level
        // with transition tables, so a sync writing 500 tickets marks them with one insert; only changes that can
        // move an SLA (status, priority, category, department, tags, dates, deletion; the last update of a
        // waiting ticket — pending or on hold; a new public comment) mark a ticket. Spelled out here: a migration
        // must not change when the code does.
        private const string Create =
            """
            CREATE TABLE ticket_sla (
                ticket_id uuid PRIMARY KEY REFERENCES tickets_cache(id) ON DELETE CASCADE,
                policy_id uuid NOT NULL REFERENCES sla_policies(id) ON DELETE CASCADE,
                first_response_due_at timestamptz,
                first_response_at timestamptz,
                first_response_state text NOT NULL,
                resolution_due_at timestamptz,
                resolution_state text NOT NULL,
                paused_seconds bigint NOT NULL,
                is_paused boolean NOT NULL,
                state text NOT NULL,
                next_check_at timestamptz,
                computed_at timestamptz NOT NULL
            );
            CREATE INDEX ix_ticket_sla_state_resolution_due ON ticket_sla (state, resolution_due_at);
            CREATE INDEX ix_ticket_sla_resolution_due ON ticket_sla (resolution_due_at);
            CREATE INDEX ix_ticket_sla_policy ON ticket_sla (policy_id);
            CREATE INDEX ix_ticket_sla_next_check ON ticket_sla (next_check_at) WHERE next_check_at IS NOT NULL;

            CREATE TABLE sla_dirty (
                ticket_id uuid PRIMARY KEY,
                marked_at timestamptz NOT NULL DEFAULT clock_timestamp()
            );
            CREATE INDEX ix_sla_dirty_marked_at ON sla_dirty (marked_at);

            CREATE TABLE sla_recompute_runs (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                reason text NOT NULL,
                requested_at timestamptz NOT NULL,
                started_at timestamptz,
                finished_at timestamptz,
                superseded boolean NOT NULL DEFAULT false,
                cursor_id uuid,
                processed bigint NOT NULL DEFAULT 0,
                total bigint NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_sla_recompute_runs_open ON sla_recompute_runs (id) WHERE finished_at IS NULL;

            CREATE FUNCTION sla_mark_inserted_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO sla_dirty (ticket_id) SELECT id FROM new_rows ON CONFLICT DO NOTHING;
                RETURN NULL;
            END $$;

            CREATE FUNCTION sla_mark_updated_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO sla_dirty (ticket_id)
                SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.status, n.priority, n.category, n.department, n.tags, n.created_at, n.resolved_at, n.deleted_at)
                      IS DISTINCT FROM (o.status, o.priority, o.category, o.department, o.tags, o.created_at, o.resolved_at, o.deleted_at)
                   OR (n.updated_at IS DISTINCT FROM o.updated_at AND n.status IN ('pending', 'on_hold'))
                ON CONFLICT DO NOTHING;
                RETURN NULL;
            END $$;

            CREATE FUNCTION sla_mark_commented_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO sla_dirty (ticket_id)
                SELECT DISTINCT ticket_id FROM new_rows WHERE visibility = 'public'
                ON CONFLICT DO NOTHING;
                RETURN NULL;
            END $$;

            CREATE TRIGGER tr_tickets_cache_sla_insert AFTER INSERT ON tickets_cache
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_inserted_tickets();
            CREATE TRIGGER tr_tickets_cache_sla_update AFTER UPDATE ON tickets_cache
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_updated_tickets();
            CREATE TRIGGER tr_ticket_comments_sla_insert AFTER INSERT ON ticket_comments
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_commented_tickets();
            """;

        private const string Drop =
            """
            DROP TRIGGER IF EXISTS tr_ticket_comments_sla_insert ON ticket_comments;
            DROP TRIGGER IF EXISTS tr_tickets_cache_sla_update ON tickets_cache;
            DROP TRIGGER IF EXISTS tr_tickets_cache_sla_insert ON tickets_cache;
            DROP FUNCTION IF EXISTS sla_mark_commented_tickets();
            DROP FUNCTION IF EXISTS sla_mark_updated_tickets();
            DROP FUNCTION IF EXISTS sla_mark_inserted_tickets();
            DROP TABLE IF EXISTS sla_recompute_runs;
            DROP TABLE IF EXISTS sla_dirty;
            DROP TABLE IF EXISTS ticket_sla;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sla_calendars",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    day_start_minutes = table.Column<int?[]>(type: "integer[]", nullable: false),
                    day_end_minutes = table.Column<int?[]>(type: "integer[]", nullable: false),
                    holidays = table.Column<DateOnly[]>(type: "date[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_calendars", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sla_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    priorities = table.Column<string[]>(type: "text[]", nullable: false),
                    category = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    department = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    tag = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    first_response_minutes = table.Column<int>(type: "integer", nullable: false),
                    resolution_minutes = table.Column<int>(type: "integer", nullable: false),
                    business_hours = table.Column<bool>(type: "boolean", nullable: false),
                    calendar_id = table.Column<Guid>(type: "uuid", nullable: true),
                    pause_while_waiting = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policies", x => x.id);
                    table.CheckConstraint("ck_sla_policies_calendar", "NOT business_hours OR calendar_id IS NOT NULL");
                    table.CheckConstraint("ck_sla_policies_targets", "first_response_minutes > 0 AND resolution_minutes > 0");
                    table.ForeignKey(
                        name: "fk_sla_policies_sla_calendars_calendar_id",
                        column: x => x.calendar_id,
                        principalTable: "sla_calendars",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sla_calendars_name",
                table: "sla_calendars",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_calendar_id",
                table: "sla_policies",
                column: "calendar_id");

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_name",
                table: "sla_policies",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_sla_policies_default",
                table: "sla_policies",
                column: "is_default",
                unique: true,
                filter: "is_default");

            migrationBuilder.Sql(Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Drop);

            migrationBuilder.DropTable(
                name: "sla_policies");

            migrationBuilder.DropTable(
                name: "sla_calendars");
        }
    }
}
