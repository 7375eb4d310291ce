using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Channels.Commands.RetryDelivery;

/// <summary>Puts a failed e-mail (<see cref="Kind"/> "email") or chat post ("chat") back in its queue, due now.</summary>
public sealed record RetryDeliveryCommand(string Kind, long Id) : ICommand, IAdminRequest;

public sealed class RetryDeliveryHandler(IDeliveryMonitor monitor, IAuditLog audit, TimeProvider clock) : ICommandHandler<RetryDeliveryCommand>
{
    public const string AuditAction = "delivery.retry";

    public async ValueTask<Unit> Handle(RetryDeliveryCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var done = command.Kind switch
        {
            "email" => await monitor.RequeueEmailAsync(command.Id, now, cancellationToken),
            "chat" => await monitor.RequeueChatPostAsync(command.Id, now, cancellationToken),
            _ => false,
        };
        if (!done)
        {
            throw new NotFoundException("failed delivery", $"{command.Kind}:{command.Id}");
        }

        await audit.WriteAsync(AuditAction, command.Kind, command.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, cancellationToken);
        return Unit.Value;
    }
}
