using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ticketing.Domain.Users;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class UserPreferencesConfiguration : IEntityTypeConfiguration<UserPreferences>
{
    public void Configure(EntityTypeBuilder<UserPreferences> builder)
    {
        builder.ToTable("user_preferences", t =>
            t.HasCheckConstraint("ck_user_preferences_list_density", EnumText.CheckSql<ListDensity>("list_density")));
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.ListDensity).HasWireNameConversion();
        builder.Property(p => p.ListColumns).HasColumnType("text[]");
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
