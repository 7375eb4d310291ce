using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ticketing.Domain.Triage;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class TriageModelConfiguration : IEntityTypeConfiguration<TriageModel>
{
    public void Configure(EntityTypeBuilder<TriageModel> builder)
    {
        builder.ToTable("triage_models", t => t.HasCheckConstraint("ck_triage_models_target", EnumText.CheckSql<TriageTarget>("target")));
        builder.HasKey(m => m.Version);
        builder.Property(m => m.Version).UseIdentityAlwaysColumn();
        builder.Property(m => m.Target).HasWireNameConversion();
        builder.Property(m => m.ConfusionJson).HasColumnName("confusion").HasColumnType("jsonb");
        builder.Property(m => m.KeywordsJson).HasColumnName("keywords").HasColumnType("jsonb");
        builder.Property(m => m.Decision).HasMaxLength(1000);
        builder.Ignore(m => m.BeatsBaselines);

        // One active model per target, whatever two instances training at once do.
        builder.HasIndex(m => m.Target).IsUnique().HasFilter("is_active").HasDatabaseName("ux_triage_models_active_target");
    }
}

internal sealed class TriageSettingsConfiguration : IEntityTypeConfiguration<TriageSettings>
{
    public void Configure(EntityTypeBuilder<TriageSettings> builder)
    {
        builder.ToTable("triage_settings", t => t.HasCheckConstraint("ck_triage_settings_singleton", $"id = {TriageSettings.SingletonId}"));
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}

internal sealed class TriageFeedbackConfiguration : IEntityTypeConfiguration<TriageFeedback>
{
    public void Configure(EntityTypeBuilder<TriageFeedback> builder)
    {
        builder.ToTable("triage_feedback", t => t.HasCheckConstraint("ck_triage_feedback_target", EnumText.CheckSql<TriageTarget>("target")));
        builder.Property(f => f.Id).UseIdentityAlwaysColumn();
        builder.Property(f => f.Target).HasWireNameConversion();
        builder.Property(f => f.SuggestedValue).HasMaxLength(200);
        builder.Property(f => f.ChosenValue).HasMaxLength(200);
        builder.Property(f => f.UserId).HasMaxLength(450);
        builder.HasIndex(f => new { f.TicketId, f.Target, f.Id });
    }
}
