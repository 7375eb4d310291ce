using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Templates.Commands.DeleteTicketTemplate;

/// <summary>Deletes a ticket template (admins only). Tickets created from it are not affected.</summary>
public sealed record DeleteTicketTemplateCommand(Guid Id) : ICommand, IAdminRequest;

public sealed class DeleteTicketTemplateHandler(ITicketTemplateRepository templates, IAuditLog audit) : ICommandHandler<DeleteTicketTemplateCommand>
{
    public const string AuditAction = "template.delete";

    public async ValueTask<Unit> Handle(DeleteTicketTemplateCommand command, CancellationToken cancellationToken)
    {
        var template = await templates.FindAsync(command.Id, cancellationToken) ?? throw new NotFoundException("template", command.Id);
        if (!await templates.DeleteAsync(command.Id, cancellationToken))
        {
            throw new NotFoundException("template", command.Id);
        }

        await audit.WriteAsync(AuditAction, "template", command.Id.ToString(), new { name = template.Name }, cancellationToken);
        return Unit.Value;
    }
}
