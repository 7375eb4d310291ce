using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Templates;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<TicketNotification>
{
    public void Configure(EntityTypeBuilder<TicketNotification> builder)
    {
        builder.ToTable("ticket_notifications", t =>
            t.HasCheckConstraint("ck_ticket_notifications_notification_type", EnumText.CheckSql<NotificationType>("notification_type")));
        builder.Property(n => n.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(n => n.NotificationType).HasWireNameConversion();
        builder.Property(n => n.Title).HasMaxLength(300);
        builder.Property(n => n.Message).HasMaxLength(2000);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(n => n.TicketId).IsRequired(false).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        // The inbox reads one user's notifications newest first, and counts the unread ones.
        builder.HasIndex(n => new { n.UserId, n.CreatedAt });
        builder.HasIndex(n => n.UserId).HasFilter("is_read = false").HasDatabaseName("ix_ticket_notifications_user_id_unread");
        builder.Property(n => n.DedupeKey).HasMaxLength(256);
        builder.HasIndex(n => n.DedupeKey).IsUnique().HasFilter("dedupe_key IS NOT NULL");
        builder.HasIndex(n => new { n.IsRead, n.ReadAt });
        builder.Property(n => n.ChangesJson).HasColumnName("changes").HasColumnType("jsonb");
        builder.Property(n => n.DueAt);
        builder.Property(n => n.FoldUntil);
        builder.Property(n => n.FoldVersion);
    }
}

internal sealed class TicketFollowerConfiguration : IEntityTypeConfiguration<TicketFollower>
{
    public void Configure(EntityTypeBuilder<TicketFollower> builder)
    {
        builder.ToTable("ticket_followers");
        builder.HasKey(f => new { f.TicketId, f.UserId });
        builder.HasOne<Ticket>().WithMany().HasForeignKey(f => f.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        // "What do I follow" reads by user; the dispatcher reads by ticket (the key).
        builder.HasIndex(f => f.UserId);
    }
}

internal sealed class TicketTemplateConfiguration : IEntityTypeConfiguration<TicketTemplate>
{
    public void Configure(EntityTypeBuilder<TicketTemplate> builder)
    {
        builder.ToTable("ticket_templates", t =>
            t.HasCheckConstraint("ck_ticket_templates_priority", "priority IS NULL OR " + EnumText.CheckSql<TicketPriority>("priority")));
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(TicketTemplate.MaxNameLength);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.TitlePattern).HasMaxLength(TicketTemplate.MaxTitlePatternLength);
        builder.Property(t => t.Category).HasMaxLength(200);
        builder.Property(t => t.Priority)
            .HasConversion(new ValueConverter<TicketPriority, string>(v => WireName<TicketPriority>.Of(v), v => WireName<TicketPriority>.Parse(v)))
            .HasMaxLength(32);
        builder.Property(t => t.Tags).HasColumnType("text[]");
        builder.Property(t => t.CustomFieldsJson).HasColumnName("custom_fields").HasColumnType("jsonb");
    }
}
