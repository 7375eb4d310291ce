using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Projects;

namespace Ticketing.Application.Projects.Commands.CreateProject;

/// <summary>Creates a project of the dashboard's own; answers its id.</summary>
public sealed record CreateProjectCommand(
    string? Name,
    string? Description,
    WorkStatus? Status,
    string? OwnerId,
    DateOnly? StartDate,
    DateOnly? EndDate) : ICommand<Guid>, IProjectFields
{
    public static CreateProjectCommand Empty { get; } = new(null, null, WorkStatus.Planned, null, null, null);
}

public sealed class CreateProjectValidator : AbstractValidator<CreateProjectCommand>
{
    public CreateProjectValidator(IProjectRepository projects) => Include(new ProjectFieldsValidator(projects));
}

public sealed class CreateProjectHandler(IProjectRepository projects, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<CreateProjectCommand, Guid>
{
    public async ValueTask<Guid> Handle(CreateProjectCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var project = new Project
        {
            Id = Guid.CreateVersion7(),
            Name = command.Name!.Trim(),
            Description = string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim(),
            Status = command.Status!.Value,
            OwnerId = string.IsNullOrEmpty(command.OwnerId) ? null : command.OwnerId,
            StartDate = command.StartDate,
            EndDate = command.EndDate,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await projects.AddProjectAsync(project, cancellationToken);
        await audit.WriteAsync("project.create", "project", project.Id.ToString(), new
        {
            project.Name,
            Status = WireName<WorkStatus>.Of(project.Status),
            project.OwnerId,
            project.StartDate,
            project.EndDate,
        }, cancellationToken);
        return project.Id;
    }
}
