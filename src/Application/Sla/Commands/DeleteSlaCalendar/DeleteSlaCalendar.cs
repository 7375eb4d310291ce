using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sla.Commands.DeleteSlaCalendar;

/// <summary>Deletes a business-hours calendar no policy uses (admins only).</summary>
public sealed record DeleteSlaCalendarCommand(Guid Id) : ICommand, IAdminRequest;

public sealed class DeleteSlaCalendarHandler(ISlaRepository sla, IAuditLog audit) : ICommandHandler<DeleteSlaCalendarCommand>
{
    public const string Action = "sla_calendar.delete";

    public async ValueTask<Unit> Handle(DeleteSlaCalendarCommand command, CancellationToken cancellationToken)
    {
        var calendar = await sla.FindCalendarAsync(command.Id, cancellationToken) ?? throw new NotFoundException("calendar", command.Id);
        if (!await sla.DeleteCalendarAsync(command.Id, cancellationToken))
        {
            throw new ValidationException(new Dictionary<string, string[]> { [nameof(command.Id)] = ["A policy uses this calendar: choose another calendar for it first."] });
        }

        await audit.WriteAsync(Action, "sla_calendar", command.Id.ToString(), new { name = calendar.Name }, cancellationToken);
        return Unit.Value;
    }
}
