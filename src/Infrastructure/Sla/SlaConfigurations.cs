using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sla;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Sla;

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.ToTable("sla_policies", t =>
        {
            t.HasCheckConstraint("ck_sla_policies_targets", "first_response_minutes > 0 AND resolution_minutes > 0");
            t.HasCheckConstraint("ck_sla_policies_calendar", "NOT business_hours OR calendar_id IS NOT NULL");
        });
        builder.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(p => p.Name).HasMaxLength(SlaPolicy.MaxNameLength);
        builder.Property(p => p.Category).HasMaxLength(200);
        builder.Property(p => p.Department).HasMaxLength(200);
        builder.Property(p => p.Tag).HasMaxLength(100);
        builder.Property(p => p.Priorities)
            .HasColumnType("text[]")
            .HasConversion(
                new ValueConverter<TicketPriority[], string[]>(
                    v => v.Select(WireName<TicketPriority>.Of).ToArray(),
                    v => v.Select(WireName<TicketPriority>.Parse).ToArray()),
                new ValueComparer<TicketPriority[]>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, p) => HashCode.Combine(h, p)), v => v.ToArray()));
        builder.HasOne<SlaCalendar>().WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.Name).IsUnique();

        // At most one default policy.
        builder.HasIndex(p => p.IsDefault).IsUnique().HasFilter("is_default").HasDatabaseName("ux_sla_policies_default");
        builder.Ignore(p => p.FirstResponseTarget);
        builder.Ignore(p => p.ResolutionTarget);
    }
}

internal sealed class SlaCalendarConfiguration : IEntityTypeConfiguration<SlaCalendar>
{
    public void Configure(EntityTypeBuilder<SlaCalendar> builder)
    {
        builder.ToTable("sla_calendars");
        builder.Property(c => c.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(c => c.Name).HasMaxLength(SlaCalendar.MaxNameLength);
        builder.Property(c => c.TimeZoneId).HasMaxLength(64);
        builder.Property(c => c.DayStartMinutes).HasColumnType("integer[]");
        builder.Property(c => c.DayEndMinutes).HasColumnType("integer[]");
        builder.Property(c => c.Holidays).HasColumnType("date[]");
        builder.HasIndex(c => c.Name).IsUnique();
    }
}
