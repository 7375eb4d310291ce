using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Projects;

namespace Ticketing.Application.Projects.Commands.CreateAssignment;

/// <summary>Creates an assignment, in a project or on its own; answers its id.</summary>
public sealed record CreateAssignmentCommand(
    string? Title,
    Guid? ProjectId,
    string? AssigneeUserId,
    WorkStatus? Status,
    DateOnly? DueDate) : ICommand<Guid>, IAssignmentFields
{
    public static CreateAssignmentCommand Empty { get; } = new(null, null, null, WorkStatus.Planned, null);
}

public sealed class CreateAssignmentValidator : AbstractValidator<CreateAssignmentCommand>
{
    public CreateAssignmentValidator(IProjectRepository projects) => Include(new AssignmentFieldsValidator(projects));
}

public sealed class CreateAssignmentHandler(IProjectRepository projects, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<CreateAssignmentCommand, Guid>
{
    public async ValueTask<Guid> Handle(CreateAssignmentCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var assignment = new Assignment
        {
            Id = Guid.CreateVersion7(),
            Title = command.Title!.Trim(),
            ProjectId = command.ProjectId,
            AssigneeUserId = string.IsNullOrEmpty(command.AssigneeUserId) ? null : command.AssigneeUserId,
            Status = command.Status!.Value,
            DueDate = AssignmentDueDate.ToStored(command.DueDate),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await projects.AddAssignmentAsync(assignment, cancellationToken);
        await audit.WriteAsync("assignment.create", "assignment", assignment.Id.ToString(), new
        {
            assignment.Title,
            assignment.ProjectId,
            assignment.AssigneeUserId,
            Status = WireName<WorkStatus>.Of(assignment.Status),
            command.DueDate,
        }, cancellationToken);
        return assignment.Id;
    }
}
