using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Projects;

namespace Ticketing.Application.Projects.Commands.UpdateProject;

/// <summary>Changes a project's fields; an unknown project is not found.</summary>
public sealed record UpdateProjectCommand(
    Guid Id,
    string? Name,
    string? Description,
    WorkStatus? Status,
    string? OwnerId,
    DateOnly? StartDate,
    DateOnly? EndDate) : ICommand, IProjectFields
{
    public static UpdateProjectCommand From(ProjectSummary p) =>
        new(p.Id, p.Name, p.Description, p.Status, p.OwnerId, p.StartDate, p.EndDate);
}

public sealed class UpdateProjectValidator : AbstractValidator<UpdateProjectCommand>
{
    public UpdateProjectValidator(IProjectRepository projects) => Include(new ProjectFieldsValidator(projects));
}

public sealed class UpdateProjectHandler(IProjectRepository projects, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<UpdateProjectCommand>
{
    public async ValueTask<Unit> Handle(UpdateProjectCommand command, CancellationToken cancellationToken)
    {
        var project = await projects.FindProjectAsync(command.Id, cancellationToken) ?? throw new NotFoundException("Project", command.Id);
        var name = command.Name!.Trim();
        var description = string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim();
        var status = command.Status!.Value;
        var ownerId = string.IsNullOrEmpty(command.OwnerId) ? null : command.OwnerId;

        var changes = new AuditChanges()
            .Add("name", project.Name, name)
            .Add("description", project.Description, description)
            .Add("status", WireName<WorkStatus>.Of(project.Status), WireName<WorkStatus>.Of(status))
            .Add("owner_id", project.OwnerId, ownerId)
            .Add("start_date", project.StartDate, command.StartDate)
            .Add("end_date", project.EndDate, command.EndDate);
        if (changes.Values.Count == 0)
        {
            // Saving the form unchanged is not an edit: nothing to store or audit.
            return Unit.Value;
        }

        project.Name = name;
        project.Description = description;
        project.Status = status;
        project.OwnerId = ownerId;
        project.StartDate = command.StartDate;
        project.EndDate = command.EndDate;
        project.UpdatedAt = clock.GetUtcNow();
        await projects.UpdateProjectAsync(project, cancellationToken);
        await audit.WriteAsync("project.update", "project", project.Id.ToString(), changes.Values, cancellationToken);
        return Unit.Value;
    }
}
