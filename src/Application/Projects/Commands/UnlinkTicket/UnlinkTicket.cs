using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Common;
using Ticketing.Domain.Projects;

namespace Ticketing.Application.Projects.Commands.UnlinkTicket;

/// <summary>Removes one link between a ticket and a project or assignment; an unknown link is not found.</summary>
public sealed record UnlinkTicketCommand(WorkItemKind Kind, Guid LinkId) : ICommand<UnlinkTicketResult>;

/// <summary>Which ticket and which project or assignment the removed link joined, to go back to either.</summary>
public sealed record UnlinkTicketResult(Guid TicketId, Guid WorkItemId);

public sealed class UnlinkTicketValidator : AbstractValidator<UnlinkTicketCommand>
{
    public UnlinkTicketValidator() => RuleFor(c => c.Kind).IsInEnum();
}

public sealed class UnlinkTicketHandler(IProjectRepository projects, IAuditLog audit)
    : ICommandHandler<UnlinkTicketCommand, UnlinkTicketResult>
{
    public async ValueTask<UnlinkTicketResult> Handle(UnlinkTicketCommand command, CancellationToken cancellationToken)
    {
        (Guid TicketId, Guid WorkItemId, LinkType Type)? removed = command.Kind == WorkItemKind.Project
            ? await projects.RemoveProjectLinkAsync(command.LinkId, cancellationToken) is { } p ? (p.TicketId, p.ProjectId, p.LinkType) : null
            : await projects.RemoveAssignmentLinkAsync(command.LinkId, cancellationToken) is { } a ? (a.TicketId, a.AssignmentId, a.LinkType) : null;
        if (removed is not { } link)
        {
            throw new NotFoundException("Link", command.LinkId);
        }

        await audit.WriteAsync("link.delete", WorkItemNames.LinkTargetType(command.Kind), command.LinkId.ToString(), new
        {
            link.TicketId,
            Kind = WorkItemNames.Of(command.Kind),
            link.WorkItemId,
            LinkType = WireName<LinkType>.Of(link.Type),
        }, cancellationToken);
        return new UnlinkTicketResult(link.TicketId, link.WorkItemId);
    }
}
