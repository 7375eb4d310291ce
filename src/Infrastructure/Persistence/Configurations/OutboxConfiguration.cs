using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class OutboxConfiguration : IEntityTypeConfiguration<PendingTicketWrite>
{
    public void Configure(EntityTypeBuilder<PendingTicketWrite> builder)
    {
        builder.ToTable("ticket_outbox", t =>
        {
            t.HasCheckConstraint("ck_ticket_outbox_kind", EnumText.CheckSql<PendingWriteKind>("kind"));
            t.HasCheckConstraint("ck_ticket_outbox_state", EnumText.CheckSql<PendingWriteState>("state"));
        });
        builder.Property(w => w.Id).UseIdentityAlwaysColumn();
        builder.Property(w => w.Kind).HasWireNameConversion();
        builder.Property(w => w.State).HasWireNameConversion();
        builder.Property(w => w.ExternalTicketId).HasMaxLength(128);
        builder.Property(w => w.TicketNumber).HasMaxLength(64);
        builder.Property(w => w.Summary).HasMaxLength(500);
        builder.Property(w => w.PayloadJson).HasColumnName("payload").HasColumnType("jsonb");
        builder.Property(w => w.AuthorUserId).HasMaxLength(450);
        builder.Property(w => w.LastError).HasMaxLength(2000);
        builder.HasIndex(w => w.IdempotencyKey).IsUnique();

        // The job reads the queue in order; pages look up a ticket's pending changes.
        builder.HasIndex(w => w.Id).HasFilter("state = 'pending'").HasDatabaseName("ix_ticket_outbox_pending");
        builder.HasIndex(w => w.TicketId).HasFilter("state = 'pending'").HasDatabaseName("ix_ticket_outbox_ticket_id_pending");
        builder.HasIndex(w => new { w.AuthorUserId, w.QueuedAt });
    }
}

internal sealed class AttachmentOutboxConfiguration : IEntityTypeConfiguration<PendingAttachmentContent>
{
    public void Configure(EntityTypeBuilder<PendingAttachmentContent> builder)
    {
        builder.ToTable("attachment_outbox", t => t.HasCheckConstraint("ck_attachment_outbox_size", $"octet_length(content) <= {25L * 1024 * 1024}"));
        builder.HasKey(c => c.OutboxId);
        builder.Property(c => c.OutboxId).ValueGeneratedNever();
        builder.Property(c => c.Content).HasColumnType("bytea");

        // The bytes live no longer than their queued write.
        builder.HasOne<PendingTicketWrite>().WithOne().HasForeignKey<PendingAttachmentContent>(c => c.OutboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
