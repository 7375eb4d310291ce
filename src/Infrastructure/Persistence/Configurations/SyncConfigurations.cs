using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class SyncLogConfiguration : IEntityTypeConfiguration<SyncLog>
{
    public void Configure(EntityTypeBuilder<SyncLog> builder)
    {
        builder.ToTable("ticket_sync_log", t =>
        {
            t.HasCheckConstraint("ck_ticket_sync_log_sync_type", EnumText.CheckSql<SyncType>("sync_type"));
            t.HasCheckConstraint("ck_ticket_sync_log_status", EnumText.CheckSql<SyncStatus>("status"));
        });
        builder.Property(l => l.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(l => l.SyncType).HasWireNameConversion();
        builder.Property(l => l.Status).HasWireNameConversion();
        builder.Property(l => l.ErrorMessage).HasMaxLength(4000);
        builder.Property(l => l.DetailsJson).HasColumnName("details").HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        builder.HasIndex(l => l.StartedAt);
        builder.HasIndex(l => new { l.Status, l.StartedAt });
        // Webhook processing is logged as one row per minute: instances add to the same row.
        builder.HasIndex(l => l.StartedAt).IsUnique().HasFilter("sync_type = 'webhook'").HasDatabaseName("ux_ticket_sync_log_webhook_minute");
    }
}

internal sealed class TicketingSystemConfigConfiguration : IEntityTypeConfiguration<TicketingSystemConfig>
{
    public void Configure(EntityTypeBuilder<TicketingSystemConfig> builder)
    {
        builder.ToTable("ticketing_system_config", t =>
            t.HasCheckConstraint("ck_ticketing_system_config_interval", "sync_interval_minutes BETWEEN 1 AND 1440"));
        builder.Property(c => c.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(c => c.ApiBaseUrl).HasMaxLength(2048);
        builder.Property(c => c.SyncIntervalMinutes).HasDefaultValue(TicketingSystemConfig.DefaultSyncIntervalMinutes);
        builder.Property(c => c.SyncEnabled).HasDefaultValue(true);
        builder.Property(c => c.IsActive).HasDefaultValue(true);
        builder.Property(c => c.RequestTimeoutSeconds).HasDefaultValue(30);
    }
}
