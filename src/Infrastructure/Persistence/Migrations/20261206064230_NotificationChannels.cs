using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class NotificationChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_feeds",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    token_protected = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feeds", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_calendar_feeds_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "chat_channels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    format = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    webhook_url_protected = table.Column<string>(type: "text", nullable: false),
                    webhook_hint = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    is_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    notification_types = table.Column<string[]>(type: "text[]", nullable: false),
                    priorities = table.Column<string[]>(type: "text[]", nullable: false),
                    departments = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chat_channels", x => x.id);
                    table.CheckConstraint("ck_chat_channels_format", "format IN ('slack', 'teams')");
                });

            migrationBuilder.CreateTable(
                name: "chat_posts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    dedupe_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    target_key = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    format = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    summary = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chat_posts", x => x.id);
                    table.CheckConstraint("ck_chat_posts_format", "format IN ('slack', 'teams')");
                    table.CheckConstraint("ck_chat_posts_state", "state IN ('queued', 'sending', 'sent', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "chat_rate_limits",
                columns: table => new
                {
                    target_key = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    not_before = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chat_rate_limits", x => x.target_key);
                });

            migrationBuilder.CreateTable(
                name: "email_digest_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    notification_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ticket_number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    notification_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    digested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_digest_items", x => x.id);
                    table.CheckConstraint("ck_email_digest_items_notification_type", "notification_type IN ('assignment', 'status_change', 'comment', 'sla_breach', 'write_rejected')");
                    table.ForeignKey(
                        name: "fk_email_digest_items_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "email_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    dedupe_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    to_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    to_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: true),
                    notification_id = table.Column<Guid>(type: "uuid", nullable: true),
                    subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    text_body = table.Column<string>(type: "text", nullable: false),
                    html_body = table.Column<string>(type: "text", nullable: false),
                    message_id = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    in_reply_to = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    references_header = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    reply_token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    unsubscribe_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_messages", x => x.id);
                    table.CheckConstraint("ck_email_messages_kind", "kind IN ('notification', 'digest', 'test')");
                    table.CheckConstraint("ck_email_messages_state", "state IN ('queued', 'sending', 'sent', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "inbound_emails",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_id = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    from_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ticket_external_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ticket_number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_emails", x => x.id);
                    table.CheckConstraint("ck_inbound_emails_outcome", "outcome IN ('pending', 'ticket_created', 'comment_added', 'ignored', 'refused', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "mail_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    smtp_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    smtp_host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    smtp_port = table.Column<int>(type: "integer", nullable: false),
                    smtp_security = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    smtp_user_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    smtp_password_protected = table.Column<string>(type: "text", nullable: true),
                    from_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    from_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reply_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    imap_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    imap_host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    imap_port = table.Column<int>(type: "integer", nullable: false),
                    imap_security = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    imap_user_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    imap_password_protected = table.Column<string>(type: "text", nullable: true),
                    imap_folder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    imap_uid_validity = table.Column<long>(type: "bigint", nullable: true),
                    imap_last_uid = table.Column<long>(type: "bigint", nullable: false),
                    imap_last_polled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    imap_last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mail_settings", x => x.id);
                    table.CheckConstraint("ck_mail_settings_imap_security", "imap_security IN ('auto', 'none', 'start_tls', 'ssl_on_connect')");
                    table.CheckConstraint("ck_mail_settings_single_row", "id = 1");
                    table.CheckConstraint("ck_mail_settings_smtp_security", "smtp_security IN ('auto', 'none', 'start_tls', 'ssl_on_connect')");
                });

            migrationBuilder.CreateTable(
                name: "notification_channel_queue",
                columns: table => new
                {
                    notification_id = table.Column<Guid>(type: "uuid", nullable: false),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_channel_queue", x => x.notification_id);
                    table.ForeignKey(
                        name: "fk_notification_channel_queue_notifications_notification_id",
                        column: x => x.notification_id,
                        principalTable: "ticket_notifications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_defaults",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    email_delivery = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    digest_hour = table.Column<int>(type: "integer", nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    in_app_off = table.Column<string[]>(type: "text[]", nullable: false),
                    email_off = table.Column<string[]>(type: "text[]", nullable: false),
                    chat_off = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_defaults", x => x.id);
                    table.CheckConstraint("ck_notification_defaults_digest_hour", "digest_hour BETWEEN 0 AND 23");
                    table.CheckConstraint("ck_notification_defaults_email_delivery", "email_delivery IN ('immediate', 'daily_digest')");
                    table.CheckConstraint("ck_notification_defaults_single_row", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    chat_webhook_url_protected = table.Column<string>(type: "text", nullable: true),
                    chat_webhook_hint = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    chat_format = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    email_delivery = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    digest_hour = table.Column<int>(type: "integer", nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    in_app_off = table.Column<string[]>(type: "text[]", nullable: false),
                    email_off = table.Column<string[]>(type: "text[]", nullable: false),
                    chat_off = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => x.user_id);
                    table.CheckConstraint("ck_notification_preferences_digest_hour", "digest_hour BETWEEN 0 AND 23");
                    table.CheckConstraint("ck_notification_preferences_email_delivery", "email_delivery IN ('immediate', 'daily_digest')");
                    table.ForeignKey(
                        name: "fk_notification_preferences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_token_hash",
                table: "calendar_feeds",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_chat_posts_dedupe_key",
                table: "chat_posts",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_chat_posts_due",
                table: "chat_posts",
                columns: new[] { "target_key", "next_attempt_at" },
                filter: "state IN ('queued', 'sending')");

            migrationBuilder.CreateIndex(
                name: "ix_chat_posts_failed",
                table: "chat_posts",
                column: "created_at",
                filter: "state = 'failed'");

            migrationBuilder.CreateIndex(
                name: "ix_email_digest_items_due",
                table: "email_digest_items",
                columns: new[] { "due_at", "user_id" },
                filter: "digested_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_email_digest_items_notification_id",
                table: "email_digest_items",
                column: "notification_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_email_digest_items_user_id",
                table: "email_digest_items",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_dedupe_key",
                table: "email_messages",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_due",
                table: "email_messages",
                column: "next_attempt_at",
                filter: "state IN ('queued', 'sending')");

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_failed",
                table: "email_messages",
                column: "created_at",
                filter: "state = 'failed'");

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_message_id",
                table: "email_messages",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_reply_token",
                table: "email_messages",
                column: "reply_token",
                unique: true,
                filter: "reply_token IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_emails_message_id",
                table: "inbound_emails",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbound_emails_received_at",
                table: "inbound_emails",
                column: "received_at");

            // Every notification, however it is made, reaches the channels: one statement's rows are queued together.
            migrationBuilder.Sql("""
                CREATE FUNCTION queue_notifications_for_channels() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO notification_channel_queue (notification_id) SELECT id FROM new_notifications ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER trg_ticket_notifications_channels
                    AFTER INSERT ON ticket_notifications
                    REFERENCING NEW TABLE AS new_notifications
                    FOR EACH STATEMENT EXECUTE FUNCTION queue_notifications_for_channels();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_ticket_notifications_channels ON ticket_notifications;
                DROP FUNCTION IF EXISTS queue_notifications_for_channels();
                """);

            migrationBuilder.DropTable(
                name: "calendar_feeds");

            migrationBuilder.DropTable(
                name: "chat_channels");

            migrationBuilder.DropTable(
                name: "chat_posts");

            migrationBuilder.DropTable(
                name: "chat_rate_limits");

            migrationBuilder.DropTable(
                name: "email_digest_items");

            migrationBuilder.DropTable(
                name: "email_messages");

            migrationBuilder.DropTable(
                name: "inbound_emails");

            migrationBuilder.DropTable(
                name: "mail_settings");

            migrationBuilder.DropTable(
                name: "notification_channel_queue");

            migrationBuilder.DropTable(
                name: "notification_defaults");

            migrationBuilder.DropTable(
                name: "notification_preferences");
        }
    }
}
