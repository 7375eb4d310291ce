using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class TicketHistoryConfiguration : IEntityTypeConfiguration<TicketHistoryEntry>
{
    public void Configure(EntityTypeBuilder<TicketHistoryEntry> builder)
    {
        builder.ToTable("ticket_history", t => t.HasCheckConstraint("ck_ticket_history_source", EnumText.CheckSql<ChangeSource>("source")));
        builder.Property(h => h.Id).UseIdentityAlwaysColumn();
        builder.Property(h => h.Field).HasMaxLength(64);
        builder.Property(h => h.Source).HasWireNameConversion();
        builder.HasOne<Ticket>().WithMany().HasForeignKey(h => h.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(h => new { h.TicketId, h.ChangedAt });
    }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> builder)
    {
        builder.ToTable("ticket_events", t =>
        {
            t.HasCheckConstraint("ck_ticket_events_event_type", EnumText.CheckSql<TicketEventType>("event_type"));
            t.HasCheckConstraint("ck_ticket_events_source", EnumText.CheckSql<ChangeSource>("source"));
        });
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.EventType).HasWireNameConversion();
        builder.Property(e => e.Source).HasWireNameConversion();
        builder.Property(e => e.ActorUserId).HasMaxLength(450);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);
        // Consumers read the unprocessed events in order.
        builder.HasIndex(e => e.Id).HasFilter("processed_at IS NULL").HasDatabaseName("ix_ticket_events_unprocessed");
        builder.HasIndex(e => new { e.TicketId, e.OccurredAt });
    }
}

internal sealed class TicketCommentConfiguration : IEntityTypeConfiguration<TicketComment>
{
    public void Configure(EntityTypeBuilder<TicketComment> builder)
    {
        builder.ToTable("ticket_comments", t => t.HasCheckConstraint("ck_ticket_comments_visibility", EnumText.CheckSql<CommentVisibility>("visibility")));
        builder.Property(c => c.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(c => c.ExternalCommentId).HasMaxLength(128);
        builder.Property(c => c.AuthorName).HasMaxLength(200);
        builder.Property(c => c.AuthorEmail).HasMaxLength(320);
        // Null when the source did not say; a CHECK passes null, so only stated values are checked.
        builder.Property(c => c.Visibility)
            .HasConversion(new ValueConverter<CommentVisibility, string>(v => WireName<CommentVisibility>.Of(v), v => WireName<CommentVisibility>.Parse(v)))
            .HasMaxLength(32);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.ExternalCommentId).IsUnique();
        builder.HasIndex(c => new { c.TicketId, c.CreatedAt });
    }
}

internal sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> builder)
    {
        builder.ToTable("ticket_attachments", t => t.HasCheckConstraint("ck_ticket_attachments_size_bytes", "size_bytes >= 0"));
        builder.Property(a => a.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(a => a.ExternalAttachmentId).HasMaxLength(128);
        // The contract allows any characters and the remote keeps up to 1,000; the client reads up to 1,024.
        builder.Property(a => a.FileName).HasMaxLength(1024);
        builder.Property(a => a.ContentType).HasMaxLength(255);
        builder.Property(a => a.Sha256).HasMaxLength(128);
        builder.Property(a => a.UploadedByName).HasMaxLength(200);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.ExternalAttachmentId).IsUnique();
        builder.HasIndex(a => new { a.TicketId, a.CreatedAt });
    }
}

internal sealed class TicketTombstoneConfiguration : IEntityTypeConfiguration<TicketTombstone>
{
    public void Configure(EntityTypeBuilder<TicketTombstone> builder)
    {
        builder.ToTable("ticket_tombstones");
        builder.HasKey(t => t.ExternalTicketId);
        builder.Property(t => t.ExternalTicketId).HasMaxLength(128);
    }
}

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.ToTable("remote_agents");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(128);
        builder.Property(a => a.Name).HasMaxLength(200);
        // Matched to users by e-mail without case; a few hundred rows need no index for that.
        builder.Property(a => a.Email).HasMaxLength(320);
    }
}

internal sealed class WebhookMessageConfiguration : IEntityTypeConfiguration<WebhookMessage>
{
    public void Configure(EntityTypeBuilder<WebhookMessage> builder)
    {
        builder.ToTable("webhook_messages");
        builder.HasKey(m => m.WebhookId);
        builder.Property(m => m.WebhookId).HasMaxLength(256);
        builder.Property(m => m.EventType).HasMaxLength(64);
        builder.Property(m => m.Error).HasMaxLength(2000);
        builder.HasIndex(m => m.ReceivedAt).HasFilter("processed_at IS NULL").HasDatabaseName("ix_webhook_messages_pending");
        builder.HasIndex(m => m.ReceivedAt);
    }
}
