using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ticketing.Domain.Notifications;
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
    }
}
