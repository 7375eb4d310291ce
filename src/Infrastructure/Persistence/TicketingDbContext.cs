using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Projects;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Infrastructure.Persistence;

public sealed class TicketingDbContext(DbContextOptions<TicketingDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<TicketProjectLink> TicketProjectLinks => Set<TicketProjectLink>();
    public DbSet<TicketAssignmentLink> TicketAssignmentLinks => Set<TicketAssignmentLink>();
    public DbSet<SyncLog> SyncLogs => Set<SyncLog>();
    public DbSet<TicketingSystemConfig> SystemConfigs => Set<TicketingSystemConfig>();
    public DbSet<TicketNotification> Notifications => Set<TicketNotification>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<TicketHistoryEntry> TicketHistory => Set<TicketHistoryEntry>();
    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();
    public DbSet<TicketComment> TicketComments => Set<TicketComment>();
    public DbSet<TicketAttachment> TicketAttachments => Set<TicketAttachment>();
    public DbSet<TicketTombstone> TicketTombstones => Set<TicketTombstone>();
    public DbSet<WebhookMessage> WebhookMessages => Set<WebhookMessage>();
    public DbSet<Domain.Audit.AuditEntry> AuditLog => Set<Domain.Audit.AuditEntry>();
    public DbSet<Domain.Views.SavedView> SavedViews => Set<Domain.Views.SavedView>();
    public DbSet<PendingTicketWrite> Outbox => Set<PendingTicketWrite>();

    public DbSet<PendingAttachmentContent> AttachmentOutbox => Set<PendingAttachmentContent>();
    public DbSet<TicketFollower> TicketFollowers => Set<TicketFollower>();
    public DbSet<Domain.Templates.TicketTemplate> TicketTemplates => Set<Domain.Templates.TicketTemplate>();
    public DbSet<Domain.Triage.TriageModel> TriageModels => Set<Domain.Triage.TriageModel>();
    public DbSet<Domain.Triage.TriageSettings> TriageSettings => Set<Domain.Triage.TriageSettings>();
    public DbSet<Domain.Triage.TriageFeedback> TriageFeedback => Set<Domain.Triage.TriageFeedback>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity's tables, in the schema's snake_case like everything else.
        builder.Entity<ApplicationUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        builder.Entity<ApplicationUser>().Property(u => u.DisplayName).HasMaxLength(200);
        builder.Entity<ApplicationUser>().Property(u => u.RemoteAssigneeId).HasMaxLength(128);
        builder.Entity<ApplicationUser>().HasIndex(u => u.RemoteAssigneeId);
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(TicketingDbContext).Assembly);
    }
}
