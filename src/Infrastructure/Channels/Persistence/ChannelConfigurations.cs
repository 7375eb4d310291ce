using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Identity;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Channels.Persistence;

/// <summary>An enum element of an array column, stored as its wire name.</summary>
internal sealed class WireNameConverter<TEnum>() : ValueConverter<TEnum, string>(v => WireName<TEnum>.Of(v), v => WireName<TEnum>.Parse(v))
    where TEnum : struct, Enum;

/// <summary>The columns <see cref="ChannelChoices"/> shares between a user's row and the defaults.</summary>
internal static class ChannelChoicesMapping
{
    public static void Map<T>(EntityTypeBuilder<T> builder, string table)
        where T : ChannelChoices
    {
        builder.Property(p => p.EmailDelivery).HasWireNameConversion();
        builder.Property(p => p.TimeZoneId).HasMaxLength(64);
        builder.PrimitiveCollection(p => p.InAppOff).ElementType(e => e.HasConversion(new WireNameConverter<NotificationType>()));
        builder.PrimitiveCollection(p => p.EmailOff).ElementType(e => e.HasConversion(new WireNameConverter<NotificationType>()));
        builder.PrimitiveCollection(p => p.ChatOff).ElementType(e => e.HasConversion(new WireNameConverter<NotificationType>()));
        builder.ToTable(table, t =>
        {
            t.HasCheckConstraint($"ck_{table}_email_delivery", EnumText.CheckSql<EmailDelivery>("email_delivery"));
            t.HasCheckConstraint($"ck_{table}_digest_hour", "digest_hour BETWEEN 0 AND 23");
        });
    }
}

internal sealed class NotificationPreferencesConfiguration : IEntityTypeConfiguration<NotificationPreferences>
{
    public void Configure(EntityTypeBuilder<NotificationPreferences> builder)
    {
        ChannelChoicesMapping.Map(builder, "notification_preferences");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<NotificationPreferences>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.ChatFormat).HasWireNameConversion();
        builder.Property(p => p.ChatWebhookHint).HasMaxLength(300);
    }
}

internal sealed class NotificationDefaultsConfiguration : IEntityTypeConfiguration<NotificationDefaults>
{
    public void Configure(EntityTypeBuilder<NotificationDefaults> builder)
    {
        ChannelChoicesMapping.Map(builder, "notification_defaults");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.ToTable(t => t.HasCheckConstraint("ck_notification_defaults_single_row", "id = 1"));
    }
}

internal sealed class ChatChannelConfiguration : IEntityTypeConfiguration<ChatChannel>
{
    public void Configure(EntityTypeBuilder<ChatChannel> builder)
    {
        builder.ToTable("chat_channels", t => t.HasCheckConstraint("ck_chat_channels_format", EnumText.CheckSql<ChatFormat>("format")));
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Format).HasWireNameConversion();
        builder.Property(c => c.WebhookHint).HasMaxLength(300);
        builder.PrimitiveCollection(c => c.NotificationTypes).ElementType(e => e.HasConversion(new WireNameConverter<NotificationType>()));
        builder.PrimitiveCollection(c => c.Priorities).ElementType(e => e.HasConversion(new WireNameConverter<TicketPriority>()));
        builder.PrimitiveCollection(c => c.Departments);
    }
}

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> builder)
    {
        builder.ToTable("email_messages", t =>
        {
            t.HasCheckConstraint("ck_email_messages_kind", EnumText.CheckSql<EmailKind>("kind"));
            t.HasCheckConstraint("ck_email_messages_state", EnumText.CheckSql<DeliveryState>("state"));
        });
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.DedupeKey).HasMaxLength(300);
        builder.HasIndex(e => e.DedupeKey).IsUnique();
        builder.Property(e => e.Kind).HasWireNameConversion();
        builder.Property(e => e.State).HasWireNameConversion();
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.ToAddress).HasMaxLength(320);
        builder.Property(e => e.ToName).HasMaxLength(200);
        builder.Property(e => e.Subject).HasMaxLength(500);
        builder.Property(e => e.MessageId).HasMaxLength(300);
        builder.HasIndex(e => e.MessageId).IsUnique();
        builder.Property(e => e.InReplyTo).HasMaxLength(300);
        builder.Property(e => e.References).HasMaxLength(1000).HasColumnName("references_header");
        builder.Property(e => e.ReplyToken).HasMaxLength(32);
        builder.HasIndex(e => e.ReplyToken).IsUnique().HasFilter("reply_token IS NOT NULL");
        builder.Property(e => e.UnsubscribeUrl).HasMaxLength(2000);
        builder.Property(e => e.AttachmentName).HasMaxLength(200);
        builder.Property(e => e.AttachmentContentType).HasMaxLength(100);
        builder.Property(e => e.LastError).HasMaxLength(2000);
        // The sender claims due work in order; admins list failures newest first.
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("state IN ('queued', 'sending')").HasDatabaseName("ix_email_messages_due");
        builder.HasIndex(e => e.CreatedAt).HasFilter("state = 'failed'").HasDatabaseName("ix_email_messages_failed");
    }
}

internal sealed class ChatPostConfiguration : IEntityTypeConfiguration<ChatPost>
{
    public void Configure(EntityTypeBuilder<ChatPost> builder)
    {
        builder.ToTable("chat_posts", t =>
        {
            t.HasCheckConstraint("ck_chat_posts_format", EnumText.CheckSql<ChatFormat>("format"));
            t.HasCheckConstraint("ck_chat_posts_state", EnumText.CheckSql<DeliveryState>("state"));
        });
        builder.Property(p => p.Id).UseIdentityAlwaysColumn();
        builder.Property(p => p.DedupeKey).HasMaxLength(300);
        builder.HasIndex(p => p.DedupeKey).IsUnique();
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.TargetKey).HasMaxLength(500);
        builder.Property(p => p.Format).HasWireNameConversion();
        builder.Property(p => p.State).HasWireNameConversion();
        builder.Property(p => p.PayloadJson).HasColumnName("payload").HasColumnType("jsonb");
        builder.Property(p => p.Summary).HasMaxLength(300);
        builder.Property(p => p.LastError).HasMaxLength(2000);
        builder.HasIndex(p => new { p.TargetKey, p.NextAttemptAt }).HasFilter("state IN ('queued', 'sending')").HasDatabaseName("ix_chat_posts_due");
        builder.HasIndex(p => p.CreatedAt).HasFilter("state = 'failed'").HasDatabaseName("ix_chat_posts_failed");
    }
}

internal sealed class ChatRateLimitConfiguration : IEntityTypeConfiguration<ChatRateLimit>
{
    public void Configure(EntityTypeBuilder<ChatRateLimit> builder)
    {
        builder.ToTable("chat_rate_limits");
        builder.HasKey(r => r.TargetKey);
        builder.Property(r => r.TargetKey).HasMaxLength(500);
    }
}

internal sealed class DigestItemConfiguration : IEntityTypeConfiguration<DigestItem>
{
    public void Configure(EntityTypeBuilder<DigestItem> builder)
    {
        builder.ToTable("email_digest_items", t =>
            t.HasCheckConstraint("ck_email_digest_items_notification_type", EnumText.CheckSql<NotificationType>("notification_type")));
        builder.Property(i => i.Id).UseIdentityAlwaysColumn();
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.NotificationId).IsUnique();
        builder.Property(i => i.TicketNumber).HasMaxLength(64);
        builder.Property(i => i.NotificationType).HasWireNameConversion();
        builder.Property(i => i.Title).HasMaxLength(300);
        builder.Property(i => i.Message).HasMaxLength(2000);
        builder.HasIndex(i => new { i.DueAt, i.UserId }).HasFilter("digested_at IS NULL").HasDatabaseName("ix_email_digest_items_due");
    }
}

internal sealed class InboundEmailConfiguration : IEntityTypeConfiguration<InboundEmail>
{
    public void Configure(EntityTypeBuilder<InboundEmail> builder)
    {
        builder.ToTable("inbound_emails", t => t.HasCheckConstraint("ck_inbound_emails_outcome", EnumText.CheckSql<InboundOutcome>("outcome")));
        builder.Property(i => i.Id).UseIdentityAlwaysColumn();
        builder.Property(i => i.MessageId).HasMaxLength(1000);
        builder.HasIndex(i => i.MessageId).IsUnique();
        builder.Property(i => i.FromAddress).HasMaxLength(320);
        builder.Property(i => i.Subject).HasMaxLength(300);
        builder.Property(i => i.Outcome).HasWireNameConversion();
        builder.Property(i => i.Detail).HasMaxLength(2000);
        builder.Property(i => i.TicketExternalId).HasMaxLength(128);
        builder.Property(i => i.TicketNumber).HasMaxLength(64);
        builder.HasIndex(i => i.ReceivedAt);
    }
}

internal sealed class MailSettingsConfiguration : IEntityTypeConfiguration<MailSettings>
{
    public void Configure(EntityTypeBuilder<MailSettings> builder)
    {
        builder.ToTable("mail_settings", t =>
        {
            t.HasCheckConstraint("ck_mail_settings_single_row", "id = 1");
            t.HasCheckConstraint("ck_mail_settings_smtp_security", EnumText.CheckSql<MailSecurity>("smtp_security"));
            t.HasCheckConstraint("ck_mail_settings_imap_security", EnumText.CheckSql<MailSecurity>("imap_security"));
        });
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.SmtpHost).HasMaxLength(255);
        builder.Property(s => s.SmtpSecurity).HasWireNameConversion();
        builder.Property(s => s.SmtpUserName).HasMaxLength(255);
        builder.Property(s => s.FromAddress).HasMaxLength(320);
        builder.Property(s => s.FromName).HasMaxLength(100);
        builder.Property(s => s.ReplyAddress).HasMaxLength(320);
        builder.Property(s => s.ImapHost).HasMaxLength(255);
        builder.Property(s => s.ImapSecurity).HasWireNameConversion();
        builder.Property(s => s.ImapUserName).HasMaxLength(255);
        builder.Property(s => s.ImapFolder).HasMaxLength(200);
        builder.Property(s => s.ImapLastError).HasMaxLength(2000);
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.ToTable("calendar_feeds");
        builder.HasKey(f => f.UserId);
        builder.Property(f => f.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<CalendarFeed>(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(f => f.TokenHash).HasMaxLength(64);
        builder.HasIndex(f => f.TokenHash).IsUnique();
    }
}

/// <summary>
/// A notification the channels have not handled yet (<c>notification_channel_queue</c>). Rows are written
/// by a trigger on <c>ticket_notifications</c> (see the migration), so every way a notification is made
/// (the dispatcher, direct notifications, SLA breaches, rules added later) reaches the channels.
/// </summary>
public sealed class NotificationChannelQueueEntry
{
    public Guid NotificationId { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
}

internal sealed class NotificationChannelQueueConfiguration : IEntityTypeConfiguration<NotificationChannelQueueEntry>
{
    public void Configure(EntityTypeBuilder<NotificationChannelQueueEntry> builder)
    {
        builder.ToTable("notification_channel_queue");
        builder.HasKey(e => e.NotificationId);
        builder.Property(e => e.QueuedAt).HasDefaultValueSql("now()");
        builder.HasOne<TicketNotification>().WithOne().HasForeignKey<NotificationChannelQueueEntry>(e => e.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}
