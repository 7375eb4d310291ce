using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Channels.Commands.DeleteChatChannel;

/// <summary>Removes a team channel; posts still queued for it fail with a reason the admin can read.</summary>
public sealed record DeleteChatChannelCommand(Guid Id) : ICommand, IAdminRequest;

public sealed class DeleteChatChannelHandler(IChatChannelStore store, IAuditLog audit) : ICommandHandler<DeleteChatChannelCommand>
{
    public const string AuditAction = "chat_channel.delete";

    public async ValueTask<Unit> Handle(DeleteChatChannelCommand command, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(command.Id, cancellationToken))
        {
            throw new NotFoundException("chat channel", command.Id);
        }

        await audit.WriteAsync(AuditAction, "chat_channel", command.Id.ToString(), null, cancellationToken);
        return Unit.Value;
    }
}
