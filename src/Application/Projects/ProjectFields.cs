using FluentValidation;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Projects;

namespace Ticketing.Application.Projects;

/// <summary>What the project form holds: creating and editing a project validate it alike.</summary>
public interface IProjectFields
{
    string? Name { get; }
    string? Description { get; }
    WorkStatus? Status { get; }
    string? OwnerId { get; }
    DateOnly? StartDate { get; }
    DateOnly? EndDate { get; }
}

/// <summary>What the assignment form holds: creating and editing an assignment validate it alike.</summary>
public interface IAssignmentFields
{
    string? Title { get; }
    Guid? ProjectId { get; }
    string? AssigneeUserId { get; }
    WorkStatus? Status { get; }
    DateOnly? DueDate { get; }
}

public sealed class ProjectFieldsValidator : AbstractValidator<IProjectFields>
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;

    public ProjectFieldsValidator(IProjectRepository projects)
    {
        RuleFor(p => p.Name).NotEmpty().WithMessage("Enter a name.")
            .MaximumLength(MaxNameLength).WithMessage($"Use at most {MaxNameLength} characters.");
        RuleFor(p => p.Description).MaximumLength(MaxDescriptionLength).WithMessage($"Use at most {MaxDescriptionLength} characters.");
        RuleFor(p => p.Status).NotNull().WithMessage("Choose a status.").IsInEnum().WithMessage("Choose a status.");
        RuleFor(p => p.OwnerId)
            .MustAsync(async (id, ct) => await projects.PersonExistsAsync(id!, ct))
            .When(p => !string.IsNullOrEmpty(p.OwnerId))
            .WithMessage("Choose an owner from the list.");
        RuleFor(p => p.EndDate)
            .GreaterThanOrEqualTo(p => p.StartDate)
            .When(p => p.StartDate is not null && p.EndDate is not null)
            .WithMessage("The end date cannot be before the start date.");
    }
}

public sealed class AssignmentFieldsValidator : AbstractValidator<IAssignmentFields>
{
    public const int MaxTitleLength = 200;

    public AssignmentFieldsValidator(IProjectRepository projects)
    {
        RuleFor(a => a.Title).NotEmpty().WithMessage("Enter a title.")
            .MaximumLength(MaxTitleLength).WithMessage($"Use at most {MaxTitleLength} characters.");
        RuleFor(a => a.Status).NotNull().WithMessage("Choose a status.").IsInEnum().WithMessage("Choose a status.");
        RuleFor(a => a.ProjectId)
            .MustAsync(async (id, ct) => await projects.WorkItemExistsAsync(WorkItemKind.Project, id!.Value, ct))
            .When(a => a.ProjectId is not null)
            .WithMessage("Choose a project from the list.");
        RuleFor(a => a.AssigneeUserId)
            .MustAsync(async (id, ct) => await projects.PersonExistsAsync(id!, ct))
            .When(a => !string.IsNullOrEmpty(a.AssigneeUserId))
            .WithMessage("Choose an assignee from the list.");
    }
}
