using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FoldedNotificationsReachChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "fold_version",
                table: "ticket_notifications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // A change folded into an unread notification is an UPDATE (fold_version + 1): it is queued for
            // the channels like a new one. A row still queued is kept, not replaced: ON CONFLICT DO UPDATE
            // waits for a fan-out that holds it and inserts again once that fan-out has deleted it, so the
            // newer version is never dropped by a fan-out that read the older one.
            migrationBuilder.Sql("""
                CREATE FUNCTION queue_folded_notifications_for_channels() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO notification_channel_queue (notification_id)
                    SELECT n.id FROM new_notifications n JOIN old_notifications o ON o.id = n.id
                    WHERE n.fold_version > o.fold_version
                    ON CONFLICT (notification_id) DO UPDATE SET queued_at = notification_channel_queue.queued_at;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER trg_ticket_notifications_channels_fold
                    AFTER UPDATE ON ticket_notifications
                    REFERENCING OLD TABLE AS old_notifications NEW TABLE AS new_notifications
                    FOR EACH STATEMENT EXECUTE FUNCTION queue_folded_notifications_for_channels();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_ticket_notifications_channels_fold ON ticket_notifications;
                DROP FUNCTION IF EXISTS queue_folded_notifications_for_channels();
                """);

            migrationBuilder.DropColumn(
                name: "fold_version",
                table: "ticket_notifications");
        }
    }
}
