using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A ticket event for any other change (priority, title, category, …) so open pages refresh when it
    /// happens, not only on status, assignment, comment, creation or deletion.
    /// </summary>
    public partial class TicketUpdatedEvent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_events_event_type",
                table: "ticket_events");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_events_event_type",
                table: "ticket_events",
                sql: "event_type IN ('created', 'status_changed', 'assignment_changed', 'comment_added', 'deleted', 'updated')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The older type list has no "updated": those events only ever refreshed open pages.
            migrationBuilder.Sql("DELETE FROM ticket_events WHERE event_type = 'updated'");

            migrationBuilder.DropCheckConstraint(
                name: "ck_ticket_events_event_type",
                table: "ticket_events");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ticket_events_event_type",
                table: "ticket_events",
                sql: "event_type IN ('created', 'status_changed', 'assignment_changed', 'comment_added', 'deleted')");
        }
    }
}
