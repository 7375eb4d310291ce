using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Projects;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Projects.Commands.LinkTicket;

/// <summary>
/// Links a cached ticket (by number) to a project or an assignment, as the signed-in user. One link
/// per pair; a ticket the remote has deleted cannot be linked.
/// </summary>
public sealed record LinkTicketCommand(WorkItemKind Kind, Guid? WorkItemId, string? TicketNumber, LinkType? LinkType)
    : ICommand<LinkTicketResult>;

public sealed record LinkTicketResult(Guid LinkId, Guid TicketId, string TicketNumber, Guid WorkItemId);

public sealed class LinkTicketValidator : AbstractValidator<LinkTicketCommand>
{
    public const int MaxTicketNumberLength = 64;

    public LinkTicketValidator()
    {
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.WorkItemId).NotEmpty()
            .WithMessage(c => c.Kind == WorkItemKind.Project ? "Choose a project." : "Choose an assignment.");
        RuleFor(c => c.TicketNumber).NotEmpty().WithMessage("Enter a ticket number.")
            .MaximumLength(MaxTicketNumberLength).WithMessage($"A ticket number has at most {MaxTicketNumberLength} characters.");
        RuleFor(c => c.LinkType).NotNull().WithMessage("Choose a link type.").IsInEnum().WithMessage("Choose a link type.");
    }
}

public sealed class LinkTicketHandler(IProjectRepository projects, ICurrentUser user, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<LinkTicketCommand, LinkTicketResult>
{
    public async ValueTask<LinkTicketResult> Handle(LinkTicketCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException("Sign in to link tickets.");
        var workItemId = command.WorkItemId!.Value;
        var linkType = command.LinkType!.Value;
        var what = WorkItemNames.Of(command.Kind);

        if (!await projects.WorkItemExistsAsync(command.Kind, workItemId, cancellationToken))
        {
            throw Refused(nameof(command.WorkItemId), $"That {what} does not exist (any more). Choose another.");
        }

        var number = command.TicketNumber!.Trim();
        var ticket = await projects.FindTicketByNumberAsync(number, cancellationToken)
            ?? throw Refused(nameof(command.TicketNumber), $"There is no ticket {number}.");
        if (ticket.IsDeleted)
        {
            throw Refused(nameof(command.TicketNumber), $"{ticket.TicketNumber} was deleted at the remote, so it cannot be linked.");
        }

        var linkId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var added = command.Kind == WorkItemKind.Project
            ? await projects.AddProjectLinkAsync(new TicketProjectLink
            {
                Id = linkId,
                TicketId = ticket.Id,
                ProjectId = workItemId,
                LinkType = linkType,
                CreatedBy = userId,
                CreatedAt = now,
            }, cancellationToken)
            : await projects.AddAssignmentLinkAsync(new TicketAssignmentLink
            {
                Id = linkId,
                TicketId = ticket.Id,
                AssignmentId = workItemId,
                LinkType = linkType,
                CreatedBy = userId,
                CreatedAt = now,
            }, cancellationToken);
        if (!added)
        {
            // The whole form is at fault (the pair), not one field.
            throw Refused(string.Empty, $"{ticket.TicketNumber} is already linked to this {what}.");
        }

        await audit.WriteAsync("link.create", WorkItemNames.LinkTargetType(command.Kind), linkId.ToString(), new
        {
            TicketId = ticket.Id,
            ticket.TicketNumber,
            Kind = what,
            WorkItemId = workItemId,
            LinkType = WireName<LinkType>.Of(linkType),
        }, cancellationToken);
        return new LinkTicketResult(linkId, ticket.Id, ticket.TicketNumber, workItemId);
    }

    private static ValidationException Refused(string field, string message) =>
        new(new[] { new ValidationFailure(field, message) });
}
