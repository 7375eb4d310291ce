using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Projects;

namespace Ticketing.Application.Projects.Commands.UpdateAssignment;

/// <summary>Changes an assignment's fields; an unknown assignment is not found.</summary>
public sealed record UpdateAssignmentCommand(
    Guid Id,
    string? Title,
    Guid? ProjectId,
    string? AssigneeUserId,
    WorkStatus? Status,
    DateOnly? DueDate) : ICommand, IAssignmentFields
{
    public static UpdateAssignmentCommand From(AssignmentSummary a) =>
        new(a.Id, a.Title, a.ProjectId, a.AssigneeUserId, a.Status, AssignmentDueDate.ToDay(a.DueDate));
}

public sealed class UpdateAssignmentValidator : AbstractValidator<UpdateAssignmentCommand>
{
    public UpdateAssignmentValidator(IProjectRepository projects) => Include(new AssignmentFieldsValidator(projects));
}

public sealed class UpdateAssignmentHandler(IProjectRepository projects, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<UpdateAssignmentCommand>
{
    public async ValueTask<Unit> Handle(UpdateAssignmentCommand command, CancellationToken cancellationToken)
    {
        var assignment = await projects.FindAssignmentAsync(command.Id, cancellationToken)
            ?? throw new NotFoundException("Assignment", command.Id);
        var title = command.Title!.Trim();
        var assigneeId = string.IsNullOrEmpty(command.AssigneeUserId) ? null : command.AssigneeUserId;
        var status = command.Status!.Value;

        // Compared as days: an unchanged due date must not count as a change because the stored
        // value had a time of day (seeded data, or data from before due dates were days).
        var changes = new AuditChanges()
            .Add("title", assignment.Title, title)
            .Add("project_id", assignment.ProjectId, command.ProjectId)
            .Add("assignee_user_id", assignment.AssigneeUserId, assigneeId)
            .Add("status", WireName<WorkStatus>.Of(assignment.Status), WireName<WorkStatus>.Of(status))
            .Add("due_date", AssignmentDueDate.ToDay(assignment.DueDate), command.DueDate);
        if (changes.Values.Count == 0)
        {
            // Saving the form unchanged is not an edit: nothing to store or audit.
            return Unit.Value;
        }

        assignment.Title = title;
        assignment.ProjectId = command.ProjectId;
        assignment.AssigneeUserId = assigneeId;
        assignment.Status = status;
        if (changes.Values.ContainsKey("due_date"))
        {
            assignment.DueDate = AssignmentDueDate.ToStored(command.DueDate);
        }

        assignment.UpdatedAt = clock.GetUtcNow();
        await projects.UpdateAssignmentAsync(assignment, cancellationToken);
        await audit.WriteAsync("assignment.update", "assignment", assignment.Id.ToString(), changes.Values, cancellationToken);
        return Unit.Value;
    }
}
