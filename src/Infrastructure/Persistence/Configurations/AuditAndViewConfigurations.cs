using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Ticketing.Domain.Audit;
using Ticketing.Domain.Views;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        // Both set by the insert trigger (Audit/AuditChainSql), read back after the insert.
        builder.Property(a => a.Sequence).HasColumnName("seq").ValueGeneratedOnAdd()
            .Metadata.SetValueGenerationStrategy(NpgsqlValueGenerationStrategy.None);
        builder.Property(a => a.Hash).ValueGeneratedOnAdd();
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        builder.Property(a => a.TicketIds).HasColumnType("text[]");
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.TargetType).HasMaxLength(64);
        builder.Property(a => a.TargetId).HasMaxLength(128);
        builder.Property(a => a.DetailsJson).HasColumnName("details").HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        builder.HasIndex(a => a.OccurredAt);
        builder.HasIndex(a => new { a.Action, a.OccurredAt });
        builder.HasIndex(a => new { a.UserId, a.OccurredAt });
        builder.HasIndex(a => new { a.TargetType, a.TargetId });
        builder.HasIndex(a => a.Sequence).IsUnique();
        // "Who saw ticket X": the audit page's ticket filter.
        builder.HasIndex(a => a.TicketIds).HasMethod("gin");
    }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.ToTable("saved_views");
        builder.Property(v => v.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(v => v.Name).HasMaxLength(SavedView.MaxNameLength);
        builder.Property(v => v.QueryString).HasMaxLength(SavedView.MaxQueryLength);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.UserId, v.Name }).IsUnique();
    }
}
