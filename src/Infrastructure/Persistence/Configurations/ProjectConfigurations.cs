using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ticketing.Domain.Projects;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects", t => t.HasCheckConstraint("ck_projects_status", EnumText.CheckSql<WorkStatus>("status")));
        builder.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.Status).HasWireNameConversion();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => p.Name);
    }
}

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.ToTable("assignments", t => t.HasCheckConstraint("ck_assignments_status", EnumText.CheckSql<WorkStatus>("status")));
        builder.Property(a => a.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(a => a.Title).HasMaxLength(200);
        builder.Property(a => a.Status).HasWireNameConversion();
        builder.HasOne<Project>().WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.AssigneeUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TicketProjectLinkConfiguration : IEntityTypeConfiguration<TicketProjectLink>
{
    public void Configure(EntityTypeBuilder<TicketProjectLink> builder)
    {
        builder.ToTable("ticket_project_links", t => t.HasCheckConstraint("ck_ticket_project_links_link_type", EnumText.CheckSql<LinkType>("link_type")));
        builder.Property(l => l.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(l => l.LinkType).HasWireNameConversion();
        builder.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Project>().WithMany().HasForeignKey(l => l.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(l => l.CreatedBy).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => new { l.TicketId, l.ProjectId }).IsUnique();
        builder.HasIndex(l => l.ProjectId);
    }
}

internal sealed class TicketAssignmentLinkConfiguration : IEntityTypeConfiguration<TicketAssignmentLink>
{
    public void Configure(EntityTypeBuilder<TicketAssignmentLink> builder)
    {
        builder.ToTable("ticket_assignment_links", t => t.HasCheckConstraint("ck_ticket_assignment_links_link_type", EnumText.CheckSql<LinkType>("link_type")));
        builder.Property(l => l.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(l => l.LinkType).HasWireNameConversion();
        builder.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Assignment>().WithMany().HasForeignKey(l => l.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(l => l.CreatedBy).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => new { l.TicketId, l.AssignmentId }).IsUnique();
        builder.HasIndex(l => l.AssignmentId);
    }
}
